import { type FormEvent, useEffect, useId, useState } from 'react';
import type { ToolInfo, ToolName } from '../../../src-shared/domain/agent.js';
import { parseAmount } from '../../../src-shared/domain/amount.js';
import type { MissedRule, Trigger } from '../../../src-shared/domain/tasks.js';
import { Button } from '../../components/Button.js';
import { FormError } from '../../components/FormError.js';
import { SelectField } from '../../components/SelectField.js';
import { TextField } from '../../components/TextField.js';
import { useFormAction } from '../../components/use-form-action.js';
import { agentApi } from '../../state/agent.js';
import { type AddTaskInput, tasksApi, useTasks } from '../../state/tasks.js';
import { localTimeMs } from './task-text.js';

type Kind = 'agent-prompt' | 'notify' | 'market-watch';
type When = 'cron' | 'every' | 'at';
type Unit = 'minutes' | 'hours' | 'days';

const UNIT_MS: Record<Unit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };
/** The tools whose calls move value: ticking one is a decision about money, so it says so. */
const MOVES_VALUE: readonly ToolName[] = ['market_buy', 'wallet_send', 'market_publish'];

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The form's fields as the API's input, or the sentence saying what to fix. */
function toInput(f: Fields): AddTaskInput | string {
  const name = f.name.trim();
  if (!name) return 'Give the task a name.';
  let trigger: Trigger;
  if (f.when === 'cron') {
    if (!f.cron.trim()) return 'Enter a cron expression, like 0 8 * * * for every day at 8.';
    trigger = { type: 'cron', expr: f.cron.trim(), tz: f.tz.trim() || browserZone() };
  } else if (f.when === 'every') {
    const n = Number(f.every);
    if (!Number.isInteger(n) || n < 1) return 'Enter how often as a whole number, 1 or more.';
    trigger = { type: 'every', ms: n * UNIT_MS[f.unit] };
  } else {
    const at = localTimeMs(f.at);
    if (at === null) return 'Pick the date and time it runs at.';
    trigger = { type: 'at', at };
  }
  const text = f.text.trim();
  if (f.kind === 'market-watch')
    return 'Add a market-watch task with sahel tasks add market-watch: this form cannot set one up yet.';
  if (!text) return f.kind === 'agent-prompt' ? 'Write what the agent should do.' : 'Write the message.';
  let budget: { token: 'native'; total: string } | null = null;
  if (f.kind === 'agent-prompt' && f.budget.trim()) {
    const b = parseAmount(f.budget, 18);
    if (!b.ok) return `Budget: ${b.problem}`;
    budget = { token: 'native', total: b.value.toString() };
  }
  return {
    name,
    trigger,
    missed: f.missed,
    settings:
      f.kind === 'agent-prompt'
        ? { kind: 'agent-prompt', prompt: text }
        : { kind: 'notify', message: text, threshold: null },
    scope: { tools: f.kind === 'agent-prompt' ? f.tools : [], budget, expires: null },
  };
}

interface Fields {
  kind: Kind;
  name: string;
  when: When;
  cron: string;
  tz: string;
  every: string;
  unit: Unit;
  at: string;
  text: string;
  tools: ToolName[];
  budget: string;
  missed: MissedRule;
}

const EMPTY: Omit<Fields, 'tz'> = {
  kind: 'notify',
  name: '',
  when: 'every',
  cron: '',
  every: '15',
  unit: 'minutes',
  at: '',
  text: '',
  tools: [],
  budget: '',
  missed: 'run-once',
};

/** Adds a task. The owner's API has no edit: a task is changed by deleting it and adding it again. */
export function TaskForm() {
  const [f, setF] = useState<Fields>(() => ({ ...EMPTY, tz: browserZone() }));
  const [tools, setTools] = useState<ToolInfo[] | null>(null);
  const action = useFormAction();
  const atId = useId();
  const set = action.edit((patch: Partial<Fields>) => setF((old) => ({ ...old, ...patch })));
  useEffect(() => {
    agentApi.tools().then(setTools, () => setTools([]));
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const input = toInput(f);
    if (typeof input === 'string') return action.fail(input);
    void action.run(async () => {
      await tasksApi.add(input);
      setF({ ...EMPTY, tz: f.tz });
      await useTasks.getState().load();
    });
  };
  const notBuilt = f.kind === 'market-watch';
  return (
    <section className="agent-section" aria-labelledby="tasks-add-title">
      <h2 id="tasks-add-title" className="agent-section-title">
        Add a task
      </h2>
      <p className="field-hint">
        Tasks cannot be edited yet (the owner has no edit call): to change one, delete it and add it again.
      </p>
      <form className="tasks-form" onSubmit={submit} data-testid="task-form" noValidate>
        <div className="tasks-select">
          <SelectField<Kind>
            label="Kind"
            value={f.kind}
            onChange={(kind) => set({ kind })}
            options={[
              { value: 'notify', label: 'Notify: send a message' },
              { value: 'agent-prompt', label: 'Agent prompt: the agent works on it' },
              { value: 'market-watch', label: 'Market watch (from the CLI for now)' },
            ]}
          />
        </div>
        {notBuilt && (
          <p className="field-note" data-tone="danger">
            This form cannot set up a market watch yet (its filter, price cap, count and budget): add one with
            sahel tasks add market-watch (see README).
          </p>
        )}
        <TextField
          label="Name"
          value={f.name}
          onChange={(name) => set({ name })}
          maxLength={200}
          testId="task-name"
        />
        <div className="tasks-select">
          <SelectField<When>
            label="Runs"
            value={f.when}
            onChange={(when) => set({ when })}
            options={[
              { value: 'every', label: 'Every…' },
              { value: 'cron', label: 'On a cron schedule' },
              { value: 'at', label: 'Once, at a time' },
            ]}
          />
        </div>
        {f.when === 'every' && (
          <div className="tasks-form-row">
            <TextField
              label="Every"
              type="number"
              min={1}
              chars={6}
              value={f.every}
              onChange={(every) => set({ every })}
              testId="task-every"
            />
            <div className="tasks-select">
              <SelectField<Unit>
                label="Unit"
                value={f.unit}
                onChange={(unit) => set({ unit })}
                options={[
                  { value: 'minutes', label: 'minutes' },
                  { value: 'hours', label: 'hours' },
                  { value: 'days', label: 'days' },
                ]}
              />
            </div>
          </div>
        )}
        {f.when === 'cron' && (
          <div className="tasks-form-row">
            <TextField
              label="Cron expression"
              mono
              value={f.cron}
              onChange={(cron) => set({ cron })}
              placeholder="0 8 * * *"
              hint="Minute, hour, day of month, month, day of week."
              testId="task-cron"
            />
            <TextField label="Time zone" value={f.tz} onChange={(tz) => set({ tz })} testId="task-tz" />
          </div>
        )}
        {f.when === 'at' && (
          <div className="field" data-variant="stacked">
            <label htmlFor={atId} className="field-name">
              At (your local time)
            </label>
            <input
              id={atId}
              type="datetime-local"
              className="field-input"
              value={f.at}
              onChange={(e) => set({ at: e.target.value })}
              data-testid="task-at"
            />
          </div>
        )}
        {!notBuilt && (
          <TextField
            label={f.kind === 'agent-prompt' ? 'What the agent should do' : 'Message'}
            multiline
            rows={3}
            maxLength={f.kind === 'agent-prompt' ? 8000 : 500}
            value={f.text}
            onChange={(text) => set({ text })}
            testId="task-text"
          />
        )}
        {f.kind === 'agent-prompt' && (
          <>
            <fieldset className="tasks-tools" data-testid="task-tools">
              <legend className="field-name">Tools it may use (none by default)</legend>
              {tools === null && <p className="field-hint">Reading the tools…</p>}
              {tools?.map((t) => (
                <label key={t.name} className="checkbox-row">
                  <input
                    type="checkbox"
                    checked={f.tools.includes(t.name)}
                    onChange={(e) =>
                      set({
                        tools: e.target.checked ? [...f.tools, t.name] : f.tools.filter((x) => x !== t.name),
                      })
                    }
                  />
                  <span className="mono">{t.name}</span>
                  {MOVES_VALUE.includes(t.name) && (
                    <span className="tasks-badge" data-tone="warn">
                      moves value
                    </span>
                  )}
                </label>
              ))}
            </fieldset>
            <TextField
              label="Budget in total (native coin, optional)"
              value={f.budget}
              onChange={(budget) => set({ budget })}
              mono
              chars={12}
              hint="The most all its runs may spend together; empty: only the agent policy's limits apply."
              testId="task-budget"
            />
          </>
        )}
        <div className="tasks-select">
          <SelectField<MissedRule>
            label="If a run was missed (asleep, closed)"
            value={f.missed}
            onChange={(missed) => set({ missed })}
            options={[
              { value: 'run-once', label: 'Run once when back' },
              { value: 'skip', label: 'Skip it' },
            ]}
          />
        </div>
        <FormError error={action.error} />
        <div className="market-actions">
          <Button type="submit" variant="primary" disabled={action.busy || notBuilt}>
            Add task
          </Button>
        </div>
      </form>
    </section>
  );
}
