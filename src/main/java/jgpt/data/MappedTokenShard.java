package jgpt.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/** One token shard file, memory-mapped: ids are read straight from the page cache, never loaded whole. */
final class MappedTokenShard implements TokenSequence {
    private static final ValueLayout.OfShort UINT16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final MemorySegment data;
    private final TokenShardHeader header;

    private MappedTokenShard(MemorySegment data, TokenShardHeader header) {
        this.data = data;
        this.header = header;
    }

    static MappedTokenShard open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            MemorySegment all = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, Arena.ofAuto());
            var header = TokenShardHeader.decode(all.asSlice(0, Math.min(size, TokenShardHeader.SIZE)).asByteBuffer(), file);
            long expected = TokenShardHeader.SIZE + header.tokens() * header.bytesPerToken();
            if (size != expected) {
                throw new IllegalArgumentException(file + " is truncated or corrupt: its header promises " + header.tokens()
                        + " tokens (" + expected + " bytes) but the file has " + size + " bytes");
            }
            return new MappedTokenShard(all.asSlice(TokenShardHeader.SIZE), header);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token shard " + file + ": " + e.getMessage(), e);
        }
    }

    TokenShardHeader header() {
        return header;
    }

    @Override
    public long length() {
        return header.tokens();
    }

    @Override
    public void read(long start, int[] dst, int offset, int count) {
        Objects.checkFromIndexSize(start, count, length());
        if (header.bytesPerToken() == 2) {
            for (int i = 0; i < count; i++) dst[offset + i] = Short.toUnsignedInt(data.getAtIndex(UINT16, start + i));
        } else {
            MemorySegment.copy(data, INT32, start * 4, dst, offset, count);
        }
    }
}
