package jgpt.data.pretrain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import jgpt.io.JsonRecord;
import jgpt.io.JsonRecords;

/** SpamAssassin's mails as {@code jgpt data spam} wrote them (JSON lines; text = subject and decoded body): one document per mail. */
final class SpamAssassinMails implements PretrainSource {
    static final String FILE = "spamassassin.jsonl";

    @Override
    public String name() {
        return "spamassassin";
    }

    @Override
    public List<String> documents(Path raw) {
        List<String> documents = new ArrayList<>();
        for (JsonRecord mail : JsonRecords.read(raw.resolve(FILE), "{text, label} records")) {
            String text = CorpusText.tidy(mail.requiredString("text", "a text"));
            if (!text.isEmpty()) {
                documents.add(text);
            }
        }
        return documents;
    }
}
