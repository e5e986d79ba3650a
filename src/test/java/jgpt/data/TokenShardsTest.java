package jgpt.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenShardsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {50257, 65536, 100000})
    void shardsRoundTripAcrossFileBoundaries(int vocab) throws IOException {
        Random rng = new Random(vocab);
        int[] ids = new int[1000];
        for (int i = 0; i < ids.length; i++) ids[i] = rng.nextInt(vocab);
        ids[3] = vocab - 1;
        try (var writer = new TokenShardWriter(dir, "train", vocab, 300)) {
            writer.write(ids, 0, 123);
            writer.write(ids, 123, 877);
            assertThat(writer.totalTokens()).isEqualTo(1000);
            writer.close();
            assertThat(writer.shardNames()).containsExactly("train-000000.bin", "train-000001.bin", "train-000002.bin", "train-000003.bin");
            var seq = new ConcatenatedTokens(writer.shardNames().stream().map(n -> MappedTokenShard.open(dir.resolve(n))).toList());
            assertThat(seq.toArray()).containsExactly(ids);
            int[] part = new int[400];
            seq.read(250, part, 0, 400);
            assertThat(part).containsExactly(java.util.Arrays.copyOfRange(ids, 250, 650));
        }
        int width = vocab <= 65536 ? 2 : 4;
        assertThat(Files.size(dir.resolve("train-000000.bin"))).isEqualTo(64 + 300L * width);
        byte[] head = Files.readAllBytes(dir.resolve("train-000003.bin"));
        assertThat(new String(head, 0, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("JGPTTOKS");
        assertThat(head[12]).isEqualTo((byte) width);
        assertThat(head[16]).isEqualTo((byte) 100);
    }

    @Test
    void idsOutsideTheVocabularyAreRefused() {
        try (var writer = new TokenShardWriter(dir, "train", 10, 300)) {
            assertThatThrownBy(() -> writer.write(new int[] {3, 10}))
                    .hasMessage("token id 10 is outside the vocabulary of 10");
        }
    }

    @Test
    void truncatedAndForeignFilesAreNamedInOneSentence() throws IOException {
        try (var writer = new TokenShardWriter(dir, "train", 50257, 100)) {
            writer.write(new int[] {1, 2, 3, 4});
        }
        Path shard = dir.resolve("train-000000.bin");
        byte[] bytes = Files.readAllBytes(shard);
        Files.write(shard, java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> MappedTokenShard.open(shard))
                .hasMessage(shard + " is truncated or corrupt: its header promises 4 tokens (72 bytes) but the file has 71 bytes");
        Files.writeString(shard, "hello, this is not a shard at all, but some words of text");
        assertThatThrownBy(() -> MappedTokenShard.open(shard)).hasMessage(shard + " is not a jgpt token shard (bad magic bytes)");
        assertThatThrownBy(() -> TokenShards.open(dir))
                .hasMessageContaining("is not a prepared data set: it has no dataset.json");
    }
}
