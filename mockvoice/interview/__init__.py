"""The mock interview: the question bank (bank), the interviewer's voice (voice), the interview loop
(interviewer), the follow-up chosen from an answer (followups) and the closing questions (closing)."""
