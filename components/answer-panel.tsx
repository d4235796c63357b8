import type { Answer } from '@/lib/report/answer';

/** The answer in words, generated from the same counts as the tiles and the chart. */
export function AnswerPanel({ answer, heading = 'What each source saw' }: { answer: Answer; heading?: string }) {
  return (
    <section aria-labelledby="answer-heading" className="card space-y-3" data-testid="answer">
      <h2 id="answer-heading" className="text-lg font-semibold">
        {heading}
      </h2>
      <p className="text-base leading-relaxed" data-testid="answer-lead">
        {answer.lead.join(' ')}
      </p>
      <div className="grid gap-4 lg:grid-cols-2">
        <div>
          <h3 className="text-sm font-semibold">Per stage</h3>
          <ul className="mt-1 list-disc space-y-1 pl-5 text-sm" data-testid="answer-stages">
            {answer.stages.map((s) => (
              <li key={s.stage}>{s.sentence}</li>
            ))}
          </ul>
        </div>
        {answer.blindSpots.length > 0 && (
          <div>
            <h3 className="text-sm font-semibold">Biggest blind spots and what they cost</h3>
            <ul className="mt-1 list-disc space-y-1 pl-5 text-sm" data-testid="answer-blind-spots">
              {answer.blindSpots.map((b) => (
                <li key={b.sentence}>{b.sentence}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}
