package jgpt.data.pretrain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** fortune(6)'s cookie files (fortunes separated by lines holding only "%"): one document per fortune. */
final class FortuneCookies implements PretrainSource {
    static final String FOLDER = "fortunes";

    private static final Pattern SEPARATOR = Pattern.compile("^%$", Pattern.MULTILINE | Pattern.UNIX_LINES);

    @Override
    public String name() {
        return "fortunes";
    }

    @Override
    public List<String> documents(Path raw) {
        List<String> documents = new ArrayList<>();
        // .dat files are strfile's indexes; .u8 ones are links to the same text
        for (Path file : RawFiles.filesIn(raw.resolve(FOLDER), name -> !name.endsWith(".dat") && !name.endsWith(".u8"))) {
            for (String fortune : CorpusText.split(SEPARATOR, RawFiles.readLenientUtf8(file))) {
                if (!CorpusText.isBlank(fortune)) {
                    documents.add(CorpusText.tidy(fortune));
                }
            }
        }
        return documents;
    }
}
