package jgpt.data.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MailParserTest {

    private static Mail parse(String resource) throws IOException {
        try (InputStream in = MailParserTest.class.getResourceAsStream("/mail/" + resource)) {
            return MailParser.parse(in.readAllBytes());
        }
    }

    @Test
    void quotedPrintableBodyAndEncodedWordSubject() throws IOException {
        Mail mail = parse("plain-qp.eml");
        assertThat(mail.subject()).isEqualTo("Café à la carte");
        assertThat(mail.body()).isEqualTo("Prix: 10 € seulement pour vous.\nA=B, and a stray =ZZ stays.");
        assertThat(mail.text()).doesNotContain("Received", "Return-Path", "someone@example.com");
    }

    @Test
    void alternativePrefersPlainTextAndHonoursQuotedBoundary() throws IOException {
        Mail mail = parse("alternative.eml");
        assertThat(mail.subject()).isEqualTo("Meeting notes");
        assertThat(mail.body()).isEqualTo("Notes from today's meeting: ship on Friday.\nSee you there.");
    }

    @Test
    void base64HtmlPartBecomesTextAndAttachmentsAreSkipped() throws IOException {
        Mail mail = parse("mixed-base64.eml");
        assertThat(mail.subject()).isEqualTo("Offer");
        assertThat(mail.body())
                .contains("Grüße & bye, naïve! ☺", "cell one cell two", "Inner subject\n\ninner text")
                .doesNotContain("<", ">", "color", "alert", "hidden comment", "TITLEWORD", "GIF89a", "pic.gif", "Content-Type");
    }

    @Test
    void eightBitPartsUseTheirCharsetUnlessTheBytesAreUtf8() throws IOException {
        Mail mail = parse("charsets-8bit.eml");
        assertThat(mail.body()).isEqualTo("café crème “quoted”\n\nmislabelled naïve");
    }

    @Test
    void htmlSentAsPlainTextLosesItsMarkup() throws IOException {
        assertThat(parse("html-as-plain.eml").text()).isEqualTo("WIN\n\nWIN BIG\nmoney now click");
    }

    @Test
    void messageHeldAsJsonTextIsReadAsUtf8() {
        Mail mail = MailParser.parse("Subject: Grüße\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\nschöne Grüße\r\n");
        assertThat(mail).isEqualTo(new Mail("Grüße", "schöne Grüße"));
    }

    @Test
    void brokenStructureDegradesToText() {
        assertThat(MailParser.parse("Subject: x\nContent-Type: multipart/mixed\n\nno boundary here\n".getBytes(StandardCharsets.US_ASCII)).body())
                .isEqualTo("no boundary here");
        assertThat(MailParser.parse("Subject: only headers".getBytes(StandardCharsets.US_ASCII))).isEqualTo(new Mail("only headers", ""));
        assertThat(MailParser.parse(new byte[0])).isEqualTo(new Mail("", ""));
    }

    @Test
    void transferEncodingsAreLenient() {
        assertThat(new String(TransferEncoding.base64("aGVs\nbG8g d29y\r\nbGQ"), StandardCharsets.US_ASCII)).isEqualTo("hello world");
        assertThat(new String(TransferEncoding.quotedPrintable("a=\r\nb=41=4a=\n=4"), StandardCharsets.US_ASCII)).isEqualTo("abAJ=4");
        assertThat(new String(TransferEncoding.quotedPrintable("end="), StandardCharsets.US_ASCII)).isEqualTo("end");
    }

    @Test
    void htmlEntitiesAndWhitespace() {
        assertThat(HtmlText.toText("<p>a&lt;b &AMP; &unknown; &#65;&#x42;</p>\n\n\n\n<div>  two   spaces </div>"))
                .isEqualTo("a<b & &unknown; AB\n\ntwo spaces");
    }
}
