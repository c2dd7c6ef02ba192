import { Show, createSignal, untrack } from 'solid-js';
import { StudentRoom } from '../classroom/StudentRoom';
import { TeacherRoom } from '../classroom/TeacherRoom';
import { keptTeacherRoom } from '../classroom/keep';

/**
 * Classroom mode against a relay (src/relay): `#/class/CODE` is a room's join
 * link; `#/class` lets the person join a class or teach one. A teacher whose
 * browser holds a room's admin token starts on the dashboard.
 */
export function Classroom(props: { code: string | null }) {
  const [role, setRole] = createSignal<'student' | 'teacher'>(untrack(() => props.code) === null && keptTeacherRoom() !== null ? 'teacher' : 'student');
  return (
    <section aria-labelledby="h-class">
      <h1 id="h-class">Classroom</h1>
      <Show when={props.code === null}>
        <div role="radiogroup" aria-label="I am" class="segmented">
          <label classList={{ on: role() === 'student' }}>
            <input type="radio" name="class-role" checked={role() === 'student'} onChange={() => setRole('student')} data-testid="class-role-student" /> A student
          </label>
          <label classList={{ on: role() === 'teacher' }}>
            <input type="radio" name="class-role" checked={role() === 'teacher'} onChange={() => setRole('teacher')} data-testid="class-role-teacher" /> The teacher
          </label>
        </div>
      </Show>
      <Show when={role() === 'teacher' && props.code === null} fallback={<StudentRoom code={props.code} />}>
        <TeacherRoom />
      </Show>
    </section>
  );
}
