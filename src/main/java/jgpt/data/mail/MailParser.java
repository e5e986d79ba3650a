package jgpt.data.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a raw RFC 5322 message into a {@link Mail}: the Subject header and the text of the body, found
 * by walking the MIME tree. Text parts are decoded (base64 or quoted-printable, then their charset);
 * HTML parts become plain text; of a multipart/alternative the plain text is preferred; attachments
 * that are not text are skipped; an attached message contributes its own subject and text.
 *
 * <p>Mail in the wild breaks the rules, so nothing here throws: a missing boundary, a bad charset
 * or broken base64 degrade to the best text that can be had.
 */
public final class MailParser {
    /** Deeper nesting than real mail ever has; a guard against crafted messages. */
    private static final int MAX_DEPTH = 16;

    private MailParser() {
    }

    public static Mail parse(byte[] raw) {
        return parseMessage(new String(raw, StandardCharsets.ISO_8859_1).replace("\r\n", "\n"), 0);
    }

    /** A message already held as text (as corpora stored in JSON hold it); read as its UTF-8 bytes. */
    public static Mail parse(String message) {
        return parse(message.getBytes(StandardCharsets.UTF_8));
    }

    private static Mail parseMessage(String message, int depth) {
        Entity entity = Entity.split(message);
        String subject = entity.headers().get("subject");
        return new Mail(subject == null ? "" : subject.strip(), HtmlText.tidyWhitespace(text(entity, depth)));
    }

    private static String text(Entity entity, int depth) {
        if (depth > MAX_DEPTH) return "";
        MimeHeaders headers = entity.headers();
        String type = headers.contentType();
        if (type.startsWith("multipart/")) return multipartText(entity, type, depth);
        if (type.equals("message/rfc822")) return parseMessage(entity.body(), depth + 1).text();
        if (!type.startsWith("text/")) return "";
        byte[] bytes = TransferEncoding.decode(headers.get("content-transfer-encoding"), entity.body());
        String decoded = MailCharsets.decode(bytes, MailCharsets.named(headers.contentTypeParameter("charset")));
        return isMarkup(type, decoded) ? HtmlText.toText(decoded) : decoded;
    }

    /** HTML and enriched text, and the HTML that spam often sends labelled as text/plain. */
    private static boolean isMarkup(String type, String text) {
        if (type.equals("text/html") || type.equals("text/enriched")) return true;
        String head = text.substring(0, Math.min(text.length(), 2048)).toLowerCase(Locale.ROOT);
        return head.contains("<html") || head.contains("<body");
    }

    private static String multipartText(Entity entity, String type, int depth) {
        String boundary = entity.headers().contentTypeParameter("boundary");
        List<Entity> parts = boundary == null || boundary.isEmpty() ? List.of() : parts(entity.body(), boundary);
        if (parts.isEmpty()) return entity.body();   // no usable structure: the body as it stands
        if (type.equals("multipart/alternative")) return alternativeText(parts, depth);
        List<String> texts = new ArrayList<>();
        for (Entity part : parts) {
            String text = text(part, depth + 1).strip();
            if (!text.isEmpty()) texts.add(text);
        }
        return String.join("\n\n", texts);
    }

    /** One rendering of the same content: the first plain-text one, else the first that yields any text. */
    private static String alternativeText(List<Entity> parts, int depth) {
        for (Entity part : parts) {
            if (part.headers().contentType().equals("text/plain")) {
                String text = text(part, depth + 1).strip();
                if (!text.isEmpty()) return text;
            }
        }
        for (Entity part : parts) {
            String text = text(part, depth + 1).strip();
            if (!text.isEmpty()) return text;
        }
        return "";
    }

    /** The parts between "--boundary" lines, up to "--boundary--" (or the end when that line is missing). */
    private static List<Entity> parts(String body, String boundary) {
        String delimiter = "--" + boundary;
        List<Entity> parts = new ArrayList<>();
        StringBuilder current = null;
        for (String line : body.split("\n", -1)) {
            String trimmed = line.stripTrailing();
            if (trimmed.equals(delimiter + "--")) break;
            if (trimmed.equals(delimiter)) {
                if (current != null) parts.add(Entity.split(current.toString()));
                current = new StringBuilder();
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        if (current != null) parts.add(Entity.split(current.toString()));
        return parts;
    }

    /** A message or part: its headers and its body (raw bytes as ISO-8859-1 characters, lines ending in \n). */
    private record Entity(MimeHeaders headers, String body) {
        static Entity split(String entity) {
            if (entity.startsWith("\n")) return new Entity(MimeHeaders.parse(""), entity.substring(1));
            int end = entity.indexOf("\n\n");
            return end < 0
                    ? new Entity(MimeHeaders.parse(entity), "")
                    : new Entity(MimeHeaders.parse(entity.substring(0, end)), entity.substring(end + 2));
        }
    }
}
