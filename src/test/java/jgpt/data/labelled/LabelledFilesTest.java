package jgpt.data.labelled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledFilesTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void csvWithQuotedSeparatorsNewlinesAndQuotes() throws IOException {
        Path csv = file("data.csv", "\uFEFFid,Label,text\r\n1,spam,\"Win, now!\"\r\n2,ham,\"line one\nline \"\"two\"\"\"\r\n\r\n3,ham,plain\n");
        LabelledDataset data = LabelledFiles.read(csv);
        assertThat(data.examples()).containsExactly(
                new LabelledText("Win, now!", "spam"),
                new LabelledText("line one\nline \"two\"", "ham"),
                new LabelledText("plain", "ham"));
        assertThat(data.labels()).containsExactly("ham", "spam");
        assertThat(data.counts()).containsEntry("ham", 2).containsEntry("spam", 1);
    }

    @Test
    void tsvWithChosenColumns() throws IOException {
        Path tsv = file("data.tsv", "sentence\tcategory\nhello there\tgreeting\nbye\tfarewell\n");
        LabelledDataset data = LabelledFiles.read(tsv, LabelledFormat.TSV, new LabelledFiles.Columns("sentence", "category"));
        assertThat(data.examples()).containsExactly(new LabelledText("hello there", "greeting"), new LabelledText("bye", "farewell"));
    }

    @Test
    void jsonLinesAcceptNumericLabels() throws IOException {
        Path jsonl = file("data.jsonl", "{\"text\": \"a\\tb\", \"label\": 1}\n\n{\"label\": \"0\", \"text\": \"c\", \"extra\": true}\n");
        assertThat(LabelledFiles.read(jsonl).examples()).containsExactly(new LabelledText("a\tb", "1"), new LabelledText("c", "0"));
    }

    @Test
    void smsSpamCollectionFormat() throws IOException {
        Path sms = file("SMSSpamCollection", "ham\tGo until jurong point, crazy..\tAvailable only\nspam\tFree entry in 2 a wkly comp\n");
        assertThat(LabelledFiles.read(sms).examples()).containsExactly(
                new LabelledText("Go until jurong point, crazy..\tAvailable only", "ham"),
                new LabelledText("Free entry in 2 a wkly comp", "spam"));
    }

    @Test
    void writtenJsonLinesReadBackEqual() throws IOException {
        var data = new LabelledDataset(List.of(new LabelledText("multi\nline \"quoted\" ☺", "spam"), new LabelledText("", "ham")), "x");
        Path out = dir.resolve("out.jsonl");
        LabelledFiles.writeJsonLines(data, out);
        assertThat(LabelledFiles.read(out).examples()).isEqualTo(data.examples());
    }

    @Test
    void missingLabelColumnIsOneSentence() throws IOException {
        Path csv = file("nolabel.csv", "text,category\nhello,a\n");
        assertThatThrownBy(() -> LabelledFiles.read(csv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The data file " + csv + " has no label column called 'label'; its header names text, category.");
        Path jsonl = file("nolabel.jsonl", "{\"text\": \"x\", \"label\": \"a\"}\n{\"text\": \"y\"}\n");
        assertThatThrownBy(() -> LabelledFiles.read(jsonl)).hasMessage("The data file " + jsonl + " has no 'label' field on line 2.");
    }

    @Test
    void otherBadInputIsOneSentence() throws IOException {
        Path sms = file("sms.txt", "ham\tfine\nno tab here\n");
        assertThatThrownBy(() -> LabelledFiles.read(sms))
                .hasMessage("Line 2 of " + sms + " has no tab; the SMS Spam Collection format is one 'label<TAB>text' per line.");
        Path json = file("bad.jsonl", "[1, 2]\n");
        assertThatThrownBy(() -> LabelledFiles.read(json)).hasMessage("Line 1 of " + json + " is not a JSON object.");
        Path shortRow = file("short.csv", "text,label\nonly text\n");
        assertThatThrownBy(() -> LabelledFiles.read(shortRow)).hasMessage("Record 2 of " + shortRow + " has 1 fields, but the header names 2.");
        assertThatThrownBy(() -> LabelledFiles.read(dir.resolve("absent.csv")))
                .hasMessage("The data file " + dir.resolve("absent.csv") + " does not exist.");
    }

    @Test
    void oneClassOnlyIsOneSentence() throws IOException {
        Path csv = file("one.csv", "text,label\na,spam\nb,spam\n");
        assertThatThrownBy(() -> LabelledFiles.read(csv).requireTwoClasses())
                .hasMessage(csv + " holds only the label 'spam'; a classifier needs examples of at least two classes.");
    }
}
