package jgpt.data.labelled;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV or TSV text into records of fields, RFC 4180 style: a field in double quotes may hold the
 * separator, line breaks and doubled quotes; records end at \n or \r\n outside quotes.
 */
final class DelimitedRecords {
    private final Reader in;
    private final char separator;
    private int lookahead = -2;

    DelimitedRecords(Reader in, char separator) {
        this.in = in;
        this.separator = separator;
    }

    /** The next record's fields, or null at the end of the input. */
    List<String> next() throws IOException {
        int c = read();
        if (c < 0) return null;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false, wasQuoted = false;
        for (; c >= 0; c = read()) {
            if (quoted) {
                if (c != '"') field.append((char) c);
                else if (peek() == '"') field.append((char) read());
                else quoted = false;
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = wasQuoted = true;
            } else if (c == separator) {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n') {
                break;
            } else if (c != '\r' || peek() != '\n') {
                field.append((char) c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    private int read() throws IOException {
        if (lookahead != -2) {
            int c = lookahead;
            lookahead = -2;
            return c;
        }
        return in.read();
    }

    private int peek() throws IOException {
        if (lookahead == -2) lookahead = in.read();
        return lookahead;
    }
}
