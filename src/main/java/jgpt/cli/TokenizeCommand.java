package jgpt.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import jgpt.tokenizer.TextFiles;
import jgpt.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jgpt tokenize}: text (a file or --text) to token ids, or ids back to text. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Encode text to token ids (GPT-2's by default), or decode ids to text.")
final class TokenizeCommand implements Runnable {

    enum SpecialTokens { REFUSE, ALLOW, TEXT }

    static final class Source {
        @Option(names = "--input", paramLabel = "FILE", description = "A UTF-8 text file to encode.")
        Path input;

        @Option(names = "--text", description = "Text to encode.")
        String text;

        @Option(names = "--decode", paramLabel = "IDS", description = "Comma-separated token ids to decode, e.g. 15496,995.")
        String decode;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--output-ids", description = "Print the ids, comma-separated, on one line (the default).")
    boolean outputIds;

    @Option(names = "--count", description = "Print the number of tokens.")
    boolean count;

    @Option(names = "--special", paramLabel = "MODE", defaultValue = "refuse",
            description = "Special tokens such as <|endoftext|> in the text: refuse (default), allow (encode as one"
                    + " token) or text (encode as plain text).")
    SpecialTokens special;

    @Mixin
    TokenizerOption tokenizerOption;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        Tokenizer tokenizer = tokenizerOption.tokenizer();
        PrintWriter out = spec.commandLine().getOut();
        if (source.decode != null) {
            out.println(tokenizer.decode(parseIds(source.decode)));
            out.flush();
            return;
        }
        String text = source.input != null ? TextFiles.readUtf8(source.input) : source.text;
        int[] ids = encode(tokenizer, text, source.input != null ? source.input.toString() : "--text");
        if (outputIds || !count) {
            out.println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        }
        if (count) out.println(ids.length);
        out.flush();
    }

    private int[] encode(Tokenizer tokenizer, String text, String from) {
        return switch (special) {
            case TEXT -> tokenizer.encodeOrdinary(text);
            case ALLOW -> tokenizer.encode(text, tokenizer.specialTokens());
            case REFUSE -> {
                for (String token : tokenizer.specialTokens()) {
                    if (text.contains(token)) {
                        throw new IllegalArgumentException(from + " contains the special token " + token
                                + "; pass --special allow to encode it as one token, or --special text to encode it"
                                + " as plain text.");
                    }
                }
                yield tokenizer.encode(text);
            }
        };
    }

    private static int[] parseIds(String list) {
        try {
            return Arrays.stream(list.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--decode takes comma-separated token ids such as 15496,995, not \""
                    + list + "\".");
        }
    }
}
