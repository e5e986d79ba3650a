package jgpt.tokenizer;

import java.util.List;
import java.util.Random;

/**
 * Generated text in scripts the real corpora lack (CJK, Korean, Arabic, Hebrew, Devanagari, Thai),
 * with emoji (skin tones, ZWJ families, flags, variation selectors), numbers, URLs and chat-style
 * punctuation: sentences built from short phrases of each language, seeded so it never changes.
 */
final class MultilingualText {
    private static final List<List<String>> PHRASES = List.of(
            List.of("我们今天去公园散步", "天气很好", "这个问题很复杂", "请把文件发给我", "我喜欢喝茶",
                    "北京是中国的首都", "学习机器学习需要时间", "他说：“没问题！”"),
            List.of("東京は日本の首都です", "今日はいい天気ですね", "ありがとうございます", "猫が好きです",
                    "新しいモデルを訓練しました", "コーヒーを一杯ください"),
            List.of("안녕하세요", "오늘 날씨가 좋네요", "저는 학생입니다", "감사합니다", "한국어를 배우고 있어요"),
            List.of("مرحبا بالعالم", "كيف حالك اليوم؟", "أحب القراءة كثيرا", "هذا نموذج لغوي كبير",
                    "السلام عليكم ورحمة الله"),
            List.of("שלום עולם", "מה שלומך?", "אני אוהב ללמוד", "תודה רבה"),
            List.of("नमस्ते दुनिया", "आप कैसे हैं?", "मुझे हिंदी पसंद है", "यह एक भाषा मॉडल है"),
            List.of("สวัสดีครับ", "วันนี้อากาศดีมาก", "ขอบคุณมากค่ะ"),
            List.of("Привет, мир", "Как дела?", "Это большая языковая модель", "Ёжик в тумане"),
            List.of("Γειά σου κόσμε", "Τι κάνεις;", "Ένα μεγάλο γλωσσικό μοντέλο"),
            List.of("Ça va très bien", "Größe und Maße", "niño año señor", "Łódź i Kraków", "İstanbul'da ağaç"));

    private static final List<String> EMOJI = List.of(
            "😀", "😂", "🙏", "👍", "👍🏽", "👍🏿", "❤️", "🔥", "🎉", "🚀", "👨‍👩‍👧‍👦", "👩🏻‍💻", "🏳️‍🌈",
            "🇫🇷", "🇯🇵", "🇺🇸", "✨", "☕", "🤖", "🧠", "😅😅😅", "🙂", "✔️", "⚠️", "∑", "∞", "≈", "→");

    private static final List<String> GLUE = List.of(
            " ", " ", " ", ", ", ". ", "! ", "? ", "... ", " - ", "\n", "\n\n", "、", "。", "，", "！", "؟ ", "। ",
            "  ", "\t", " (", ") ", ": ", "; ", " \"", "\" ", " 'quoted' ", " #tag ", " @user ");

    private MultilingualText() {
    }

    /** About {@code chars} characters of mixed-script text, the same for the same seed. */
    static String generate(long seed, int chars) {
        var random = new Random(seed);
        var text = new StringBuilder(chars + 200);
        while (text.length() < chars) {
            switch (random.nextInt(10)) {
                case 0 -> text.append(EMOJI.get(random.nextInt(EMOJI.size())));
                case 1 -> text.append(number(random));
                case 2 -> text.append("https://example.org/").append(Integer.toHexString(random.nextInt()))
                        .append("?q=").append(random.nextInt(1000));
                default -> {
                    List<String> language = PHRASES.get(random.nextInt(PHRASES.size()));
                    text.append(language.get(random.nextInt(language.size())));
                }
            }
            text.append(GLUE.get(random.nextInt(GLUE.size())));
        }
        return text.toString();
    }

    private static String number(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt(100_000));
            case 1 -> String.format("%,d", random.nextInt(10_000_000));
            case 2 -> String.format("%.2f%%", random.nextDouble() * 100);
            case 3 -> "202" + random.nextInt(10) + "-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10);
            default -> "٣٤٥ ४५६ ७८९ ①②③ ½ Ⅻ";
        };
    }
}
