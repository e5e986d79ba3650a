package jgpt.data.pretrain;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** npm's nlp-corpus (builds/doc-N.json, each a JSON array of texts): one document per text, files in the order of N. */
final class NlpCorpus implements PretrainSource {
    static final String FOLDER = "nlp/builds";

    private static final Pattern DOC_FILE = Pattern.compile("doc-.*\\.json");
    private static final Pattern NOT_A_DIGIT = Pattern.compile("\\D");

    @Override
    public String name() {
        return "nlp-corpus";
    }

    @Override
    public List<String> documents(Path raw) {
        List<Path> files = new ArrayList<>(RawFiles.filesIn(raw.resolve(FOLDER), name -> DOC_FILE.matcher(name).matches()));
        files.sort(Comparator.comparingLong(NlpCorpus::number));
        List<String> documents = new ArrayList<>();
        for (Path file : files) {
            for (JsonElement text : array(file)) {
                if (text.isJsonPrimitive() && text.getAsJsonPrimitive().isString() && !CorpusText.isBlank(text.getAsString())) {
                    documents.add(CorpusText.tidy(text.getAsString()));
                }
            }
        }
        return documents;
    }

    private static long number(Path file) {
        String digits = NOT_A_DIGIT.matcher(file.getFileName().toString()).replaceAll("");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    private static Iterable<JsonElement> array(Path file) {
        try {
            JsonElement root = JsonParser.parseString(RawFiles.readLenientUtf8(file));
            if (!root.isJsonArray()) {
                throw new IllegalArgumentException(file + " is not a JSON array of texts.");
            }
            return root.getAsJsonArray();
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage() + ".", e);
        }
    }
}
