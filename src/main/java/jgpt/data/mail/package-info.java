/**
 * Reading raw e-mail (RFC 5322 messages with MIME parts) into plain text: the subject and the decoded
 * text of the body, without headers, attachments or HTML markup. Used to turn mail corpora such as
 * SpamAssassin's into labelled text for classification.
 */
package jgpt.data.mail;
