package jgpt.data.labelled;

/** One example: a text and the name of its class, like ("Free entry in 2 a wkly comp...", "spam"). */
public record LabelledText(String text, String label) {
}
