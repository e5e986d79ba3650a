package jgpt.model.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;

/**
 * A reference model made by Hugging Face transformers: a GPT-2 directory plus reference.json and the .bin
 * files it names (see shared/fixtures/README.md and the fixture's own README).
 */
record HfFixture(String name, Path dir, JsonObject reference) {
    /**
     * tiny-gpt2-a lives beside the project in the shared folder (or where the system property jgpt.fixtures says: the
     * GPU machine's copy); tiny-gpt2-b is in the test resources.
     */
    static HfFixture named(String name) {
        Path shared = Path.of(System.getProperty("jgpt.fixtures", Path.of("..", "shared", "fixtures").toString()));
        Path dir = name.equals("tiny-gpt2-a") ? shared.resolve(name) : Path.of("src", "test", "resources", "fixtures", name);
        Assumptions.assumeTrue(Files.isDirectory(dir), "fixture " + name + " is not at " + dir.toAbsolutePath());
        try {
            return new HfFixture(name, dir, JsonParser.parseString(Files.readString(dir.resolve("reference.json"))).getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int[] ints(String key) {
        return ints(reference.get(key));
    }

    static int[] ints(JsonElement array) {
        return StreamSupport.stream(array.getAsJsonArray().spliterator(), false).mapToInt(JsonElement::getAsInt).toArray();
    }

    static double[] doubles(JsonElement array) {
        return StreamSupport.stream(array.getAsJsonArray().spliterator(), false).mapToDouble(JsonElement::getAsDouble).toArray();
    }

    JsonObject train() {
        return reference.getAsJsonObject("train");
    }

    /** The file a reference.json entry names, whose value starts with the file name ("x.bin (what it is)"). */
    Path file(JsonObject where, String key) {
        return dir.resolve(where.get(key).getAsString().split(" ")[0]);
    }

    @Override
    public String toString() {
        return name;
    }
}
