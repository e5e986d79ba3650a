/**
 * Scoring a model's answers: offline exact match and token F1 ({@link jgpt.eval.AnswerMetrics}), and a judge
 * model over HTTP, Ollama's or an OpenAI-compatible API ({@link jgpt.eval.JudgeClient}), scoring each
 * response 0-100 into a resumable JSON lines file ({@link jgpt.eval.ResponseJudge}).
 */
package jgpt.eval;
