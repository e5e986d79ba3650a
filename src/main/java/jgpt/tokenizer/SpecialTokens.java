package jgpt.tokenizer;

import java.util.Map;
import java.util.Set;

/** Finds special tokens in text and decides, tiktoken's way, which ones the caller allowed. */
final class SpecialTokens {
    static final String END_OF_TEXT = "<|endoftext|>";

    private final Map<String, Integer> ids;

    SpecialTokens(Map<String, Integer> ids) {
        this.ids = Map.copyOf(ids);
    }

    Set<String> names() {
        return ids.keySet();
    }

    /** Throws if text holds a special token that is not in allowed; names the first one found. */
    void refuseDisallowed(String text, Set<String> allowed) {
        for (String token : ids.keySet()) {
            if (!allowed.contains(token) && text.contains(token)) {
                throw new IllegalArgumentException("The text contains the special token " + token
                        + ", which was not allowed; allow it to encode it as one token, or encode the text"
                        + " as ordinary text.");
            }
        }
        for (String token : allowed) {
            if (!ids.containsKey(token)) {
                throw new IllegalArgumentException(token + " is not a special token of this tokenizer.");
            }
        }
    }

    /** Where a special token occurs in a text, and its id. */
    record Occurrence(int start, int end, int id) {
    }

    /** The allowed token that occurs first at or after from (the longest if several start there), or null. */
    Occurrence nextAllowed(String text, int from, Set<String> allowed) {
        String found = null;
        int foundAt = Integer.MAX_VALUE;
        for (String token : allowed) {
            int at = text.indexOf(token, from);
            if (at >= 0 && (at < foundAt || (at == foundAt && token.length() > found.length()))) {
                found = token;
                foundAt = at;
            }
        }
        return found == null ? null : new Occurrence(foundAt, foundAt + found.length(), ids.get(found));
    }
}
