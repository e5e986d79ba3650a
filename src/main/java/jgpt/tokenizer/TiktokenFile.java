package jgpt.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Reads a {@code .tiktoken} file: one token a line, its bytes in base64, a space, its rank. Such a
 * file names no special tokens; {@code <|endoftext|>} is given the first id after the ranks, which
 * is where GPT-2 (r50k_base) has it.
 */
public final class TiktokenFile {
    private TiktokenFile() {
    }

    /** The vocabulary in the stream, whose name (a file name) error messages give. */
    public static BpeVocabulary read(InputStream in, String source) throws IOException {
        byte[][] tokens = new byte[1 << 16][];
        int maxRank = -1;
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank()) continue;
            int space = line.indexOf(' ');
            byte[] bytes;
            int rank;
            try {
                if (space < 0) throw new IllegalArgumentException("no space");
                bytes = Base64.getDecoder().decode(line.substring(0, space));
                rank = Integer.parseInt(line.substring(space + 1).trim());
                if (rank < 0 || bytes.length == 0) throw new IllegalArgumentException("negative rank or empty token");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + " line " + lineNumber
                        + " is not \"<base64 token> <rank>\", so it is not a .tiktoken file.");
            }
            if (rank >= tokens.length) tokens = Arrays.copyOf(tokens, Math.max(tokens.length * 2, rank + 1));
            if (tokens[rank] != null) {
                throw new IllegalArgumentException(source + " line " + lineNumber + " repeats rank " + rank + ".");
            }
            tokens[rank] = bytes;
            maxRank = Math.max(maxRank, rank);
        }
        if (maxRank < 0) throw new IllegalArgumentException(source + " holds no tokens.");
        return BpeVocabulary.fromRanks(Arrays.copyOf(tokens, maxRank + 1),
                Map.of(SpecialTokens.END_OF_TEXT, maxRank + 1), source);
    }
}
