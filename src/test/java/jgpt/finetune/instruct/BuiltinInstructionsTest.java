package jgpt.finetune.instruct;

import jgpt.data.wordnet.WordNet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class BuiltinInstructionsTest {
    private static List<InstructionExample> builtin;

    @BeforeAll
    static void build() {
        builtin = BuiltinInstructions.build();
    }

    @Test
    void atLeastTwoThousandCompleteRecordsInAFixedOrder() {
        assertThat(builtin).hasSize(4000);
        assertThat(builtin).allSatisfy(e -> {
            assertThat(e.instruction()).isNotBlank();
            assertThat(e.output()).isNotBlank();
        });
        // pinned records: any change of order or content (another JVM, another WordNet parse) shows here
        assertThat(builtin.get(0)).isEqualTo(new InstructionExample("What does caldera mean?", "",
                "A large crater caused by the violent explosion of a volcano that collapses into a depression."));
        assertThat(builtin.get(1234)).isEqualTo(new InstructionExample("Use the word conditional in a sentence.", "",
                "Conditional acceptance of the terms."));
        assertThat(builtin.get(2500)).isEqualTo(new InstructionExample("Do the following unit conversion.", "24 inches to feet", "2 feet"));
        assertThat(builtin.get(3999)).isEqualTo(new InstructionExample("Spell pagan backwards.", "", "nagap"));
        assertThat(builtin.stream().filter(e -> !e.input().isEmpty()).count()).isBetween(1000L, 2000L);
    }

    @Test
    void wordNetFactsAreWhereTheyShouldBe() {
        WordNet wordNet = WordNet.builtin();
        var words = new WordNetTasks(wordNet);
        var exact = new ExactAnswerTasks(wordNet);
        assertThat(exact.plurals()).containsEntry("goose", "geese").containsEntry("mouse", "mice");
        assertThat(exact.pastTenses()).containsEntry("retell", "retold").containsEntry("have", "had")
                .doesNotContainKey("be").doesNotContainKey("begin");   // began / begun: two answers
        assertThat(words.antonyms()).containsEntry("able", "unable").containsEntry("unable", "able");
        assertThat(words.hypernyms()).containsEntry("aardvark", "Aardvark is a kind of placental.");
        assertThat(words.definitions().get("aardvark")).startsWith("Nocturnal burrowing mammal");
        assertThat(words.exampleSentences()).allSatisfy((word, sentence) ->
                assertThat(sentence.toLowerCase()).containsPattern("\\b" + word + "\\b"));
    }

    @Test
    void exactAnswersAreRight() {
        Map<String, Integer> perUnit = new HashMap<>(Map.ofEntries(Map.entry("kilometers meters", 1000), Map.entry("meters centimeters", 100),
                Map.entry("centimeters millimeters", 10), Map.entry("kilograms grams", 1000), Map.entry("liters milliliters", 1000),
                Map.entry("hours minutes", 60), Map.entry("minutes seconds", 60), Map.entry("days hours", 24), Map.entry("weeks days", 7),
                Map.entry("years months", 12), Map.entry("feet inches", 12), Map.entry("yards feet", 3), Map.entry("gallons quarts", 4),
                Map.entry("pounds ounces", 16)));
        Pattern sum = Pattern.compile("(\\d+) ([-+*]) (\\d+)");
        Pattern conversion = Pattern.compile("(\\d+) (\\w+) to (\\w+)");
        int checkedSums = 0, checkedConversions = 0, checkedReversals = 0;
        for (InstructionExample e : builtin) {
            String question = e.instruction() + " " + e.input();
            Matcher s = sum.matcher(question), c = conversion.matcher(question);
            if (s.find()) {
                long a = Long.parseLong(s.group(1)), b = Long.parseLong(s.group(3));
                long expected = switch (s.group(2)) { case "+" -> a + b; case "-" -> a - b; default -> a * b; };
                assertThat(e.output()).isEqualTo(Long.toString(expected));
                checkedSums++;
            } else if (c.find()) {
                long n = Long.parseLong(c.group(1));
                Integer up = perUnit.get(c.group(2) + " " + c.group(3)), down = perUnit.get(c.group(3) + " " + c.group(2));
                long expected = up != null ? n * up : n / down;
                assertThat(e.output()).isEqualTo(expected + " " + c.group(3));
                checkedConversions++;
            } else if (e.instruction().startsWith("Spell ") || e.instruction().startsWith("Write the word ")) {
                String word = e.input().isEmpty() ? question.split(" ")[question.contains("backwards") ? 1 : 3] : e.input();
                char[] reversed = new char[word.length()];
                for (int i = 0; i < word.length(); i++) reversed[i] = word.charAt(word.length() - 1 - i);
                assertThat(e.output()).isEqualTo(new String(reversed));
                checkedReversals++;
            }
        }
        assertThat(checkedSums).isEqualTo(400);
        assertThat(checkedConversions).isEqualTo(400);
        assertThat(checkedReversals).isEqualTo(400);
    }
}
