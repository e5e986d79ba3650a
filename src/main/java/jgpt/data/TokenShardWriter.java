package jgpt.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jgpt.io.AtomicFiles;

/**
 * Appends token ids to numbered shard files {@code <split>-000000.bin}, ... in a directory (format in
 * {@link TokenShardHeader}). A shard is collected in memory and written atomically when full, so a shard
 * file on disk is always complete.
 */
public final class TokenShardWriter implements AutoCloseable {
    private final Path directory;
    private final String split;
    private final int vocabSize;
    private final int bytesPerToken;
    private final int tokensPerShard;
    private final List<String> shardNames = new ArrayList<>();
    private ByteBuffer buffer;
    private long totalTokens;

    public TokenShardWriter(Path directory, String split, int vocabSize, int tokensPerShard) {
        if (tokensPerShard < 1) throw new IllegalArgumentException("tokens per shard must be at least 1, got " + tokensPerShard);
        this.directory = directory;
        this.split = split;
        this.vocabSize = vocabSize;
        this.bytesPerToken = TokenShardHeader.bytesPerToken(vocabSize);
        this.tokensPerShard = tokensPerShard;
    }

    /** Appends ids[offset, offset + count). */
    public void write(int[] ids, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            if (buffer == null) buffer = ByteBuffer.allocate(Math.min(tokensPerShard, 1 << 20) * bytesPerToken).order(ByteOrder.LITTLE_ENDIAN);
            int id = ids[i];
            if (id < 0 || id >= vocabSize) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary of " + vocabSize);
            if (!buffer.hasRemaining()) buffer = grown(buffer);
            if (bytesPerToken == 2) buffer.putShort((short) id);
            else buffer.putInt(id);
            totalTokens++;
            if (buffer.position() == tokensPerShard * bytesPerToken) flushShard();
        }
    }

    public void write(int[] ids) {
        write(ids, 0, ids.length);
    }

    private ByteBuffer grown(ByteBuffer full) {
        int capacity = (int) Math.min((long) tokensPerShard * bytesPerToken, 2L * full.capacity());
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN).put(full.flip());
    }

    private void flushShard() {
        ByteBuffer ids = buffer.flip();
        buffer = null;
        String name = "%s-%06d.bin".formatted(split, shardNames.size());
        var header = new TokenShardHeader(bytesPerToken, ids.remaining() / bytesPerToken, vocabSize);
        AtomicFiles.writeChannel(directory.resolve(name), channel -> {
            ByteBuffer head = header.encode();
            while (head.hasRemaining()) channel.write(head);
            while (ids.hasRemaining()) channel.write(ids);
        });
        shardNames.add(name);
    }

    /** Writes the last, partly filled shard. */
    @Override
    public void close() {
        if (buffer != null && buffer.position() > 0) flushShard();
    }

    /** The shard file names written so far, in order. */
    public List<String> shardNames() {
        return List.copyOf(shardNames);
    }

    public long totalTokens() {
        return totalTokens;
    }
}
