package jgpt.finetune.instruct;

import java.util.List;
import java.util.Random;

/**
 * Ways to ask one task. A phrasing with "%s" carries its subject in the instruction; one without asks about
 * the record's input field, as the book's data often does ("Convert to passive voice." + the sentence).
 */
record Phrasings(List<String> forms) {
    Phrasings {
        forms = List.copyOf(forms);
    }

    static Phrasings of(String... forms) {
        return new Phrasings(List.of(forms));
    }

    InstructionExample ask(Random rng, String subject, String answer) {
        String form = forms.get(rng.nextInt(forms.size()));
        return form.contains("%s") ? new InstructionExample(form.formatted(subject), "", answer)
                : new InstructionExample(form, subject, answer);
    }
}
