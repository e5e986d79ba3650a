package jgpt.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The 64-byte header of a token shard file, all little-endian:
 * <pre>
 *  0  8 bytes  magic "JGPTTOKS"
 *  8  uint32   format version (1)
 * 12  uint32   bytes per token: 2 (uint16 ids, when the vocabulary has at most 65,536 ids) or 4 (int32)
 * 16  uint64   number of tokens
 * 24  uint32   vocabulary size
 * 28  36 bytes zero
 * 64  the ids
 * </pre>
 */
record TokenShardHeader(int bytesPerToken, long tokens, int vocabSize) {
    static final int SIZE = 64;
    static final int VERSION = 1;
    private static final byte[] MAGIC = "JGPTTOKS".getBytes(StandardCharsets.US_ASCII);

    /** 2 when every id fits in an unsigned 16-bit value, else 4. */
    static int bytesPerToken(int vocabSize) {
        return vocabSize <= 1 << 16 ? 2 : 4;
    }

    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putInt(VERSION).putInt(bytesPerToken).putLong(tokens).putInt(vocabSize);
        return b.position(0);
    }

    static TokenShardHeader decode(ByteBuffer b, Path file) {
        b.order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        if (b.remaining() >= SIZE) b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IllegalArgumentException(file + " is not a jgpt token shard (bad magic bytes)");
        }
        int version = b.getInt();
        if (version != VERSION) throw new IllegalArgumentException(file + " is a token shard of format version " + version + "; this jgpt reads version " + VERSION);
        int width = b.getInt();
        long tokens = b.getLong();
        int vocab = b.getInt();
        if ((width != 2 && width != 4) || tokens < 0 || vocab < 1) {
            throw new IllegalArgumentException(file + " has a corrupt token shard header");
        }
        return new TokenShardHeader(width, tokens, vocab);
    }
}
