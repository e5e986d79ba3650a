package jgpt.tokenizer;

import java.util.Random;

/** Kinds of seeded random strings that probe the corners of GPT-2's pre-tokenizer and BPE. */
enum RandomText {
    ANY_CODE_POINTS {
        @Override
        void append(Random random, StringBuilder text) {
            int cp;
            do {
                cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(Character.MAX_CODE_POINT + 1);
            } while (Character.getType(cp) == Character.SURROGATE);
            text.appendCodePoint(cp);
        }
    },
    WHITESPACE_RUNS {
        @Override
        void append(Random random, StringBuilder text) {
            // Unicode White_Space and its near misses (U+001C..U+001F, U+200B are not White_Space).
            String pool = "      \t\n\r\u000B\u000C\u0085\u00A0\u1680\u2000\u2007\u200A\u2028\u2029\u202F\u205F\u3000"
                    + "\u001C\u001F\u200Bab1é'!";
            text.append(pool.charAt(random.nextInt(pool.length())));
        }
    },
    DIGITS_AND_PUNCTUATION {
        @Override
        void append(Random random, StringBuilder text) {
            String pool = "0123456789٣४½①Ⅻ.,;:!?-_=+*/\\|\"'`~@#$%^&()[]{}<> \n";
            text.append(pool.charAt(random.nextInt(pool.length())));
        }
    },
    CONTRACTIONS {
        @Override
        void append(Random random, StringBuilder text) {
            String[] pool = {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "'r", "'v", "'", "''",
                    "don", "we", "I", " ", "  ", "\n", "x", "7", "!", "’s", "<|endoftext|>"};
            text.append(pool[random.nextInt(pool.length)]);
        }
    },
    SCRIPTS_AND_EMOJI {
        @Override
        void append(Random random, StringBuilder text) {
            String[] pool = {"漢字", "かな", "カナ", "한국어", "العربية", "עברית", "हिन्दी", "ไทย", "Ελληνικά",
                    "кириллица", "👍🏽", "👨‍👩‍👧", "🇯🇵", "❤️", "🤖", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "𝟘𝟙", "e\u0301", "\uFE0F",
                    "\u200D", " ", "  ", "\n", ".", "ß", "İ", "ǅ", "ʰ", "々"};
            text.append(pool[random.nextInt(pool.length)]);
        }
    },
    LONG_RUNS {
        @Override
        void append(Random random, StringBuilder text) {
            String[] pool = {"a", "ab", " ", "\n", "7", "!", "=-", "é", "😀", "z"};
            text.append(pool[random.nextInt(pool.length)].repeat(1 + random.nextInt(600)));
        }
    },
    LONE_SURROGATES {
        @Override
        void append(Random random, StringBuilder text) {
            String[] pool = {"\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDC00\uD800", "😀", "a", " ", "'s", "\uFFFD"};
            text.append(pool[random.nextInt(pool.length)]);
        }
    };

    abstract void append(Random random, StringBuilder text);

    /** A string of up to maxParts parts of this kind. */
    String generate(Random random, int maxParts) {
        var text = new StringBuilder();
        for (int i = random.nextInt(maxParts + 1); i > 0; i--) append(random, text);
        return text.toString();
    }

    /** The string with every unpaired surrogate replaced by U+FFFD, as tiktoken encodes it. */
    static String replaceLoneSurrogates(String text) {
        var fixed = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                fixed.append(c).append(text.charAt(++i));
            } else {
                fixed.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return fixed.toString();
    }
}
