package jgpt.tokenizer;

/**
 * GPT-2's pre-tokenizer: splits text into the pieces that BPE then encodes one by one. A hand-written
 * scanner that finds exactly the matches of GPT-2's pattern
 * {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}
 * with Unicode classes ({@code \s} is the White_Space property), several times faster than a regex.
 * <p>How the alternatives play out: a contraction is taken only where a piece starts; a single space
 * joins the letters, digits or symbols that follow it; a run of whitespace before a non-space gives
 * up its last character (so that a space can join the next word), and a run that ends the text is
 * kept whole. Lone surrogates count as symbols, like the U+FFFD that replaces them in the bytes.
 */
final class Gpt2PreTokenizer {
    static final byte OTHER = 0, LETTER = 1, NUMBER = 2, SPACE = 3;

    private static final byte[] BMP_CLASS = new byte[0x10000];

    static {
        for (int c = 0; c < BMP_CLASS.length; c++) BMP_CLASS[c] = classOfCodePoint(c);
    }

    private Gpt2PreTokenizer() {
    }

    /** The end (exclusive) of the piece that starts at text[start]; pieces never cross {@code end}. */
    static int pieceEnd(char[] text, int start, int end) {
        char c = text[start];
        if (c == '\'') {
            int contraction = contractionEnd(text, start, end);
            if (contraction > 0) return contraction;
        }
        if (c == ' ' && start + 1 < end) {
            byte following = classAt(text, start + 1, end);
            if (following != SPACE) return runEnd(text, start + 1, end, following);
        }
        byte cls = classAt(text, start, end);
        if (cls != SPACE) return runEnd(text, start, end, cls);
        int spaceEnd = runEnd(text, start, end, SPACE);
        // White_Space holds only BMP characters, so one char back is one character back.
        return spaceEnd == end || spaceEnd - start == 1 ? spaceEnd : spaceEnd - 1;
    }

    /** The class (OTHER, LETTER, NUMBER or SPACE) of a code point, as GPT-2's pattern sees it. */
    static byte classOfCodePoint(int cp) {
        if (isWhiteSpace(cp)) return SPACE;
        return switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER -> LETTER;
            case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> NUMBER;
            default -> OTHER;
        };
    }

    /** Unicode's White_Space property, which is what {@code \s} means in Unicode mode. */
    private static boolean isWhiteSpace(int cp) {
        if ((cp >= 0x09 && cp <= 0x0D) || cp == 0x85) return true;
        int type = Character.getType(cp);
        return type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static int contractionEnd(char[] text, int start, int end) {
        if (start + 1 >= end) return -1;
        char first = text[start + 1];
        if (first == 's' || first == 't' || first == 'm' || first == 'd') return start + 2;
        if (start + 2 >= end) return -1;
        char second = text[start + 2];
        boolean two = (first == 'l' && second == 'l') || (first == 'v' && second == 'e')
                || (first == 'r' && second == 'e');
        return two ? start + 3 : -1;
    }

    private static byte classAt(char[] text, int at, int end) {
        char c = text[at];
        if (Character.isHighSurrogate(c) && at + 1 < end && Character.isLowSurrogate(text[at + 1])) {
            return classOfCodePoint(Character.toCodePoint(c, text[at + 1]));
        }
        return BMP_CLASS[c];
    }

    /** The end of the run of characters of class cls that starts at text[at]. */
    private static int runEnd(char[] text, int at, int end, byte cls) {
        while (at < end) {
            char c = text[at];
            if (!Character.isSurrogate(c)) {
                if (BMP_CLASS[c] != cls) return at;
                at++;
            } else if (Character.isHighSurrogate(c) && at + 1 < end && Character.isLowSurrogate(text[at + 1])) {
                if (classOfCodePoint(Character.toCodePoint(c, text[at + 1])) != cls) return at;
                at += 2;
            } else {
                if (cls != OTHER) return at;
                at++;
            }
        }
        return at;
    }
}
