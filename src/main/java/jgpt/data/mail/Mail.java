package jgpt.data.mail;

/** What a classifier reads of an e-mail: its subject and the decoded text of its body. */
public record Mail(String subject, String body) {
    /** Subject and body as one text, separated by a blank line; just one of them when the other is empty. */
    public String text() {
        if (subject.isEmpty()) return body;
        return body.isEmpty() ? subject : subject + "\n\n" + body;
    }
}
