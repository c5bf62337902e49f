import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useId, useRef, useState } from 'react';
import { CONSOLE_COMMAND_MAX } from '../../shared/bridge';
import type { Api } from '../api/client';
import type { Transport } from '../transport/transport';
import { ConsoleSession, type ConsolePhase, type ConsoleTracker } from './console-session';
import { formatOutputLine, isHexCommand, type DisplayMode } from './format';
import { CommandHistory } from './history';

const phaseWords: Record<ConsolePhase, string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  open: 'Connected',
  closed: 'Disconnected',
};

/**
 * The live console: output goes straight into xterm (never through React state), coalesced to one
 * write per animation frame; the status grid is re-rendered at most once per frame.
 */
export function ConsoleView({ api, transport, tracker, label }: { api: Api; transport: Transport; tracker: ConsoleTracker; label: string }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const terminalRef = useRef<Terminal | null>(null);
  const sessionRef = useRef<ConsoleSession | null>(null);
  const modeRef = useRef<DisplayMode>('text');
  const timesRef = useRef(true);
  const historyRef = useRef(new CommandHistory());
  const [status, setStatus] = useState<[string, string][]>([]);
  const [phase, setPhase] = useState<ConsolePhase>('idle');
  const [notice, setNotice] = useState<string | null>(null);
  const [deviceOffline, setDeviceOffline] = useState(false);
  const [mode, setMode] = useState<DisplayMode>('text');
  const [showTimes, setShowTimes] = useState(true);
  const [command, setCommand] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const terminal = new Terminal({
      convertEol: false,
      disableStdin: true,
      scrollback: 5000,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      theme: { background: '#0f172a', foreground: '#e2e8f0' },
      screenReaderMode: false,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(hostRef.current!);
    try {
      fit.fit();
    } catch {
      // not laid out yet (tests)
    }
    terminalRef.current = terminal;

    let pending: string[] = [];
    let frame = 0;
    const schedule = (text: string) => {
      pending.push(text);
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        const chunk = pending.join('\r\n') + '\r\n';
        pending = [];
        terminal.write(chunk);
      });
    };
    // Status pairs arrive many times a second: collected here, shown at most once per frame.
    const statusPairs = new Map<string, string>();
    let statusFrame = 0;
    const session = new ConsoleSession(api, transport, tracker, {
      phase(next, words) {
        setPhase(next);
        if (words) {
          setNotice(words);
          schedule(`\x1b[33m${words}\x1b[0m`);
        } else if (next === 'open') setNotice(null);
      },
      output(lines) {
        for (const line of lines) schedule(formatOutputLine(line.msg, line.at, modeRef.current, timesRef.current));
      },
      device(state) {
        setDeviceOffline(state === 'offline');
      },
      status(pairs) {
        for (const [name, value] of pairs) statusPairs.set(name, value);
        statusFrame ||= requestAnimationFrame(() => {
          statusFrame = 0;
          setStatus([...statusPairs.entries()]);
        });
      },
    });
    sessionRef.current = session;
    void session.connect();

    const onResize = () => {
      try {
        fit.fit();
      } catch {
        // ignore
      }
    };
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      cancelAnimationFrame(frame);
      cancelAnimationFrame(statusFrame);
      session.disconnect();
      terminal.dispose();
      terminalRef.current = null;
      sessionRef.current = null;
    };
  }, [api, transport, tracker]);

  const send = () => {
    const session = sessionRef.current;
    if (!session) return;
    if (mode === 'hex' && !isHexCommand(command)) {
      setProblem('In hex mode a command is pairs of hex digits, like 01 A0 FF');
      return;
    }
    const text = mode === 'hex' ? command.replace(/\s+/g, '').toUpperCase() : command;
    const refused = session.send(text);
    if (refused) {
      setProblem(refused);
      return;
    }
    historyRef.current.push(command.trim());
    terminalRef.current?.write(`\x1b[36m> ${text.trim()}\x1b[0m\r\n`);
    setCommand('');
    setProblem(null);
  };

  return (
    <div className="console">
      <div className="console-toolbar" role="toolbar" aria-label="Console controls">
        <span className={`console-phase phase-${phase}`} role="status">
          {phaseWords[phase]}
        </span>
        {phase === 'closed' && (
          <button type="button" onClick={() => void sessionRef.current?.connect()}>
            Connect again
          </button>
        )}
        {(phase === 'open' || phase === 'connecting') && (
          <button type="button" onClick={() => sessionRef.current?.disconnect()}>
            Terminate session
          </button>
        )}
        <fieldset className="segmented">
          <legend className="visually-hidden">Show output as</legend>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'text'}
              onChange={() => {
                setMode('text');
                modeRef.current = 'text';
              }}
            />
            Text
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-mode`}
              checked={mode === 'hex'}
              onChange={() => {
                setMode('hex');
                modeRef.current = 'hex';
              }}
            />
            Hex
          </label>
        </fieldset>
        <label className="checkbox-inline">
          <input
            type="checkbox"
            checked={showTimes}
            onChange={(e) => {
              setShowTimes(e.target.checked);
              timesRef.current = e.target.checked;
            }}
          />
          Show message time
        </label>
        <button type="button" onClick={() => terminalRef.current?.clear()}>
          Clear console
        </button>
      </div>
      {notice && (
        <p className="warning" role="alert">
          {notice}
        </p>
      )}
      {phase === 'open' && deviceOffline && (
        <p className="warning" role="alert">
          The device is offline: the console stays open and shows its output again when it reconnects, but commands are not delivered until then.
        </p>
      )}
      <div className="console-body">
        <div className="console-terminal" ref={hostRef} aria-label={`Console output of ${label}`} role="log" />
        <section className="console-status" aria-labelledby={`${id}-status`}>
          <h2 id={`${id}-status`}>Device status</h2>
          {status.length === 0 ? (
            <p className="muted">No status received yet.</p>
          ) : (
            <table className="status-grid">
              <tbody>
                {status.map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      <form
        className="console-command"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label htmlFor={`${id}-command`}>Command{mode === 'hex' ? ' (hex)' : ''}</label>
        <input
          id={`${id}-command`}
          className="mono"
          autoComplete="off"
          spellCheck={false}
          maxLength={CONSOLE_COMMAND_MAX}
          value={command}
          onChange={(e) => setCommand(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp') {
              e.preventDefault();
              setCommand(historyRef.current.up(command));
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              setCommand(historyRef.current.down());
            }
          }}
          aria-describedby={problem ? `${id}-problem` : undefined}
        />
        <button type="submit" disabled={phase !== 'open'}>
          Send command
        </button>
        {problem && (
          <p id={`${id}-problem`} className="field-problem" role="alert">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}
