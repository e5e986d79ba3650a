package jgpt.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file format, written from GPT-2's ranks and read back, must give JTokkit's ids. The
 * merge-listed formats also check that the merges worked out from the ranks are GPT-2's.
 */
class VocabularyFormatsTest {
    @TempDir
    static Path shared;
    private static Path vocabMergesDir;
    private static String sample;

    @BeforeAll
    static void writeGpt2AsVocabAndMerges() {
        vocabMergesDir = shared.resolve("gpt2-hf");
        VocabMergesFiles.write(((ByteLevelBpe) Tokenizers.gpt2()).vocabulary(), vocabMergesDir);
        var text = new StringBuilder();
        for (var document : TestCorpus.documents()) {
            text.append(document.text(), 0, Math.min(document.text().length(), 300_000));
        }
        sample = text.toString();
    }

    @Test
    void vocabJsonAndMergesTxtGiveGpt2sIds() throws IOException {
        assertThat(Files.readAllLines(vocabMergesDir.resolve("merges.txt"))).hasSize(50_001);
        assertGpt2(Tokenizers.load(vocabMergesDir));
    }

    @Test
    void openAiEncoderJsonAndVocabBpeGiveGpt2sIds(@TempDir Path dir) throws IOException {
        Files.copy(vocabMergesDir.resolve("vocab.json"), dir.resolve("encoder.json"));
        Files.copy(vocabMergesDir.resolve("merges.txt"), dir.resolve("vocab.bpe"));
        assertGpt2(Tokenizers.load(dir));
    }

    @Test
    void huggingFaceTokenizerJsonGivesGpt2sIds(@TempDir Path dir) throws IOException {
        JsonObject json = tokenizerJson(false);
        Files.writeString(dir.resolve("tokenizer.json"), new Gson().toJson(json));
        assertGpt2(Tokenizers.load(dir));

        Path pairsForm = dir.resolve("pairs").resolve("tokenizer.json");
        Files.createDirectories(pairsForm.getParent());
        Files.writeString(pairsForm, new Gson().toJson(tokenizerJson(true)));
        assertGpt2(Tokenizers.load(pairsForm));
    }

    @Test
    void tiktokenFileGivesGpt2sIds(@TempDir Path dir) throws IOException {
        try (InputStream in = Tokenizers.class.getResourceAsStream("r50k_base.tiktoken")) {
            Files.copy(in, dir.resolve("r50k_base.tiktoken"));
        }
        assertGpt2(Tokenizers.load(dir));
    }

    @Test
    void malformedFilesGetOneSentenceNamingTheFile(@TempDir Path dir) throws IOException {
        Path vocab = dir.resolve("vocab.json"), merges = dir.resolve("merges.txt");
        Files.writeString(vocab, "{\"a\": 0,");
        Files.writeString(merges, "#version: 0.2\n");
        assertThatThrownBy(() -> Tokenizers.load(dir)).hasMessageStartingWith(vocab + " is not valid JSON");

        Files.copy(vocabMergesDir.resolve("vocab.json"), vocab, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(merges, "#version: 0.2\nĠ t h\n");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessage(merges + " line 2 is not two tokens separated by one space, so it is not a BPE merges file.");
        Files.writeString(merges, "Ġ zzzq\n");
        assertThatThrownBy(() -> Tokenizers.load(dir)).hasMessage(merges + " merges \"zzzq\", which the vocabulary lacks.");

        Files.writeString(merges, "Ġ t\nĠt h\nĠth e\nĠthe Ġthe\n");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessage(vocab + ": merge 4 joins two tokens into \" the the\", which is not in the vocabulary.");
        Files.writeString(merges, "Ġthe Ġthe\n");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessage(merges + " merge 1 uses \"Ġthe\", which is neither a single byte nor made by a merge.");

        Files.writeString(vocab, "{\"a\": 0, \"b\": 1, \"ab\": 2}");
        Files.writeString(merges, "a b\n");
        assertThatThrownBy(() -> Tokenizers.load(dir))
                .hasMessage(vocab + " has no token for the byte 0, so it is not a byte-level BPE vocabulary.");
    }

    @Test
    void malformedTiktokenAndTokenizerJsonAndEmptyDirectory(@TempDir Path dir) throws IOException {
        Path tiktoken = dir.resolve("bad.tiktoken");
        Files.writeString(tiktoken, "IQ== 0\nnot base64! 1\n");
        assertThatThrownBy(() -> Tokenizers.load(tiktoken))
                .hasMessage(tiktoken + " line 2 is not \"<base64 token> <rank>\", so it is not a .tiktoken file.");

        Path wordPiece = dir.resolve("tokenizer.json");
        Files.writeString(wordPiece, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
        assertThatThrownBy(() -> Tokenizers.load(wordPiece))
                .hasMessage(wordPiece + " holds a WordPiece model; only byte-level BPE models (like GPT-2's) are supported.");

        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> Tokenizers.load(empty)).hasMessageStartingWith(empty + " holds no tokenizer");
        assertThatThrownBy(() -> Tokenizers.load(dir.resolve("missing"))).hasMessageEndingWith("does not exist.");
    }

    private static void assertGpt2(Tokenizer tokenizer) {
        assertThat(tokenizer.vocabSize()).isEqualTo(50257);
        assertThat(tokenizer.endOfTextId()).hasValue(50256);
        int[] ids = tokenizer.encodeOrdinary(sample);
        Gpt2ParityTest.assertSameIds("sample", ids, Gpt2ParityTest.JTOKKIT.encodeOrdinary(sample).toArray(), tokenizer);
        assertThat(tokenizer.decode(ids)).isEqualTo(sample);
    }

    private static JsonObject tokenizerJson(boolean mergesAsPairs) throws IOException {
        JsonObject vocab = JsonParser.parseString(Files.readString(vocabMergesDir.resolve("vocab.json"))).getAsJsonObject();
        vocab.remove("<|endoftext|>");
        var merges = new JsonArray();
        List<String> lines = Files.readAllLines(vocabMergesDir.resolve("merges.txt"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (mergesAsPairs) {
                var pair = new JsonArray();
                for (String part : line.split(" ")) pair.add(part);
                merges.add(pair);
            } else {
                merges.add(line);
            }
        }
        var model = new JsonObject();
        model.addProperty("type", "BPE");
        model.add("vocab", vocab);
        model.add("merges", merges);
        var root = new JsonObject();
        root.add("added_tokens", new GsonBuilder().create().toJsonTree(
                List.of(Map.of("id", 50256, "content", "<|endoftext|>", "special", true))));
        root.add("pre_tokenizer", JsonParser.parseString(
                "{\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": true}"));
        root.add("model", model);
        return root;
    }
}
