package jgpt.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the pieces (words) that GPT-2's pre-tokenizer makes of a corpus, on all cores: each text
 * is cut into chunks at places where the pre-tokenizer would cut anyway, and the chunks are
 * counted in parallel and added up.
 */
final class WordCounter {
    private static final int CHUNK_CHARS = 1 << 20;

    private WordCounter() {
    }

    static Map<String, Long> count(List<String> texts) {
        List<String> chunks = new ArrayList<>();
        for (String text : texts) chunks.addAll(chunks(text));
        return chunks.parallelStream().map(WordCounter::countChunk).reduce(WordCounter::addInto).orElseGet(HashMap::new);
    }

    private static Map<String, Long> countChunk(String chunk) {
        char[] chars = chunk.toCharArray();
        var counts = new HashMap<String, Long>();
        for (int pos = 0, end; pos < chars.length; pos = end) {
            end = Gpt2PreTokenizer.pieceEnd(chars, pos, chars.length);
            counts.merge(new String(chars, pos, end - pos), 1L, Long::sum);
        }
        return counts;
    }

    private static Map<String, Long> addInto(Map<String, Long> total, Map<String, Long> part) {
        Map<String, Long> big = total.size() >= part.size() ? total : part;
        Map<String, Long> small = big == total ? part : total;
        small.forEach((word, count) -> big.merge(word, count, Long::sum));
        return big;
    }

    /**
     * Cuts text into chunks of about CHUNK_CHARS. A cut goes after a newline that has a non-space on
     * both sides: the pre-tokenizer makes that newline a piece of its own whatever follows, so the
     * chunks' pieces are exactly the whole text's.
     */
    static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (text.length() - start > CHUNK_CHARS) {
            int cut = safeCut(text, start + CHUNK_CHARS);
            if (cut < 0) break;
            chunks.add(text.substring(start, cut));
            start = cut;
        }
        chunks.add(text.substring(start));
        return chunks;
    }

    private static int safeCut(String text, int from) {
        for (int p = Math.max(from, 2); p < text.length(); p++) {
            if (text.charAt(p - 1) == '\n' && !isSpace(text.charAt(p - 2)) && !isSpace(text.charAt(p))) return p;
        }
        return -1;
    }

    private static boolean isSpace(char c) {
        return Gpt2PreTokenizer.classOfCodePoint(c) == Gpt2PreTokenizer.SPACE;
    }
}
