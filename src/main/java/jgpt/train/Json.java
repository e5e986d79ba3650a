package jgpt.train;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one JSON style of run folders: snake_case keys, NaN and infinities allowed (a diverged loss). */
final class Json {
    static final Gson PRETTY = builder().setPrettyPrinting().create();
    static final Gson COMPACT = builder().create();

    private Json() {
    }

    private static GsonBuilder builder() {
        return new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
                .serializeSpecialFloatingPointValues().disableHtmlEscaping();
    }
}
