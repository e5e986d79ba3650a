package jgpt.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.file.Path;

/** One object read by {@link JsonRecords}, with where it came from for error messages. */
public record JsonRecord(Path file, String where, JsonObject json) {

    /** The string field; one sentence naming the file, record and the fields every record needs when it is absent. */
    public String requiredString(String field, String everyRecordNeeds) {
        JsonElement value = json.get(field);
        if (value == null || value.isJsonNull()) {
            throw new IllegalArgumentException(file + ": " + where + " has no \"" + field + "\" field; every record needs "
                    + everyRecordNeeds + ".");
        }
        return string(field, value);
    }

    /** The string field, or "" when absent or null. */
    public String optionalString(String field) {
        JsonElement value = json.get(field);
        return value == null || value.isJsonNull() ? "" : string(field, value);
    }

    public boolean has(String field) {
        return json.has(field) && !json.get(field).isJsonNull();
    }

    private String string(String field, JsonElement value) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(file + ": " + where + "'s \"" + field + "\" is not a string.");
        }
        return value.getAsString();
    }
}
