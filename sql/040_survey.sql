-- The post-call survey (src/survey): one row per question asked after an operator hung up first.
-- `answer` is the key pressed ('1'-'5' for rating, '1' yes / '2' no for resolved) or 'no-answer'
-- (silence, wrong keys, 0 or a hang-up). `appeal_id` links the appeal registered on the call,
-- when there is one.
CREATE TABLE survey_answers (
  call_id     text        NOT NULL,
  question    text        NOT NULL CHECK (question IN ('rating', 'resolved')),
  service_id  text        NOT NULL,
  operator_id text,
  appeal_id   text,
  answer      text        NOT NULL CHECK (answer IN ('1', '2', '3', '4', '5', 'no-answer')),
  answered_at timestamptz NOT NULL,
  PRIMARY KEY (call_id, question)
);
CREATE INDEX survey_answers_answered_at ON survey_answers (answered_at);
CREATE INDEX survey_answers_operator ON survey_answers (operator_id, answered_at);
