import { For, Match, Show, Switch } from 'solid-js';
import type { ParamSpec, ParamSpecs } from '../../core/strategy/types';
import type { ParamInputs } from '../strategyParams';

/** Range and step in words, beside a number field: "2 to 200, steps of 1". */
function rangeText(spec: ParamSpec): string {
  if (spec.type !== 'number' && spec.type !== 'integer') return '';
  const parts: string[] = [];
  if (spec.min !== undefined && spec.max !== undefined) parts.push(`${spec.min} to ${spec.max}`);
  else if (spec.min !== undefined) parts.push(`at least ${spec.min}`);
  else if (spec.max !== undefined) parts.push(`at most ${spec.max}`);
  if (spec.step !== undefined) parts.push(`steps of ${spec.step}`);
  else if (spec.type === 'integer') parts.push('whole numbers');
  return parts.join(', ');
}

/**
 * A strategy's parameters as typed inputs, from its declarations: a number
 * or integer field (with its range and step said), a checkbox, or a select.
 * A refused value's message is shown under its field and tied to it
 * (aria-describedby, aria-invalid).
 */
export function ParamFields(props: {
  /** Prefix of the fields' ids, unique on the page. */
  id: string;
  specs: ParamSpecs;
  inputs: ParamInputs;
  errors: Map<string, string>;
  onInput: (name: string, value: string | boolean) => void;
}) {
  const fid = (name: string) => `${props.id}-${name}`;
  return (
    <For each={Object.entries(props.specs)}>
      {([name, spec]) => {
        const err = () => props.errors.get(name);
        const described = () => [spec.help ? `${fid(name)}-help` : '', err() ? `${fid(name)}-err` : ''].filter(Boolean).join(' ') || undefined;
        const label = spec.label ?? name;
        return (
          <div class="param-field">
            <Switch>
              <Match when={spec.type === 'boolean'}>
                <label class="check">
                  <input id={fid(name)} type="checkbox" name={name} checked={props.inputs[name] === true}
                    aria-describedby={described()} onChange={(e) => props.onInput(name, e.currentTarget.checked)} />
                  {label}
                </label>
              </Match>
              <Match when={spec.type === 'choice' ? spec : null}>
                {(c) => (
                  <label>
                    {label}
                    <select id={fid(name)} name={name} value={String(props.inputs[name])} aria-invalid={err() ? true : undefined}
                      aria-describedby={described()} onChange={(e) => props.onInput(name, e.currentTarget.value)}>
                      <For each={c().options}>{(o) => <option value={o} selected={o === props.inputs[name]}>{o}</option>}</For>
                    </select>
                  </label>
                )}
              </Match>
              <Match when={true}>
                <label>
                  <span>{label} <span class="muted small">{rangeText(spec)}</span></span>
                  <input id={fid(name)} name={name} type="text" inputmode="decimal" autocomplete="off" value={String(props.inputs[name])}
                    aria-invalid={err() ? true : undefined} aria-describedby={described()}
                    onInput={(e) => props.onInput(name, e.currentTarget.value)} />
                </label>
              </Match>
            </Switch>
            <Show when={spec.help}>
              <p class="hint" id={`${fid(name)}-help`}>{spec.help}</p>
            </Show>
            <Show when={err()}>
              <p class="err-msg small" id={`${fid(name)}-err`} data-testid={`param-error-${name}`}>{err()}</p>
            </Show>
          </div>
        );
      }}
    </For>
  );
}
