import type { CsatFigures } from "@switchboard/protocol";
import { useChatClient } from "@switchboard/react";
import { useEffect, useState, type ReactNode } from "react";
import "../styles/metrics.css";
import { Sparkline } from "./Sparkline.tsx";
import { STATS_POLL_MS, useChatStats } from "./useChatStats.ts";

const number = new Intl.NumberFormat("en");
const score = new Intl.NumberFormat("en", { minimumFractionDigits: 1, maximumFractionDigits: 2 });

/** A CSAT card's value and hint: "4.5 / 5" from "12 ratings", or none yet. */
export function csatText(figures: CsatFigures | undefined): { value: string; hint: string } {
  if (!figures) return { value: "—", hint: "Ratings customers gave after a chat" };
  if (figures.average === null || figures.count === 0)
    return { value: "—", hint: "No ratings yet" };
  const from = `From ${number.format(figures.count)} ${figures.count === 1 ? "rating" : "ratings"}`;
  return { value: `${score.format(figures.average)} / 5`, hint: from };
}

/** "just now", "12s ago", "3 min ago": how old the shown numbers are. */
export function updatedAgo(receivedAt: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - receivedAt) / 1000));
  if (seconds < 2) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  return `${Math.floor(seconds / 60)} min ago`;
}

/** The current time, once a second: for the "updated" line. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return now;
}

function Card(props: {
  label: string;
  value: string;
  hint: string;
  tone?: "warn" | "calm";
  children?: ReactNode;
}) {
  const id = `sb-metric-${props.label.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <li className={`sb-metric${props.tone ? ` sb-metric--${props.tone}` : ""}`}>
      <span className="sb-metric__label" id={id}>
        {props.label}
      </span>
      <span className="sb-metric__value" aria-describedby={id} data-metric={props.label}>
        {props.value}
      </span>
      <span className="sb-metric__hint">{props.hint}</span>
      {props.children}
    </li>
  );
}

/** The server's live numbers for admins: who is connected, traffic, latency, the queue. */
export function MetricsView() {
  const { stats, receivedAt, history, error, denied } = useChatStats(useChatClient());
  const now = useNow();
  const waiting = stats?.waitingRooms ?? 0;
  const dash = "—";
  const show = (n: number | undefined) => (n === undefined ? dash : number.format(n));
  const p95 = stats?.deliveryP95Ms;
  const week = csatText(stats?.csat?.last7Days);
  const month = csatText(stats?.csat?.last30Days);

  return (
    <section className="sb-metrics" aria-labelledby="sb-metrics-title">
      <header className="sb-metrics__head">
        <div>
          <h2 className="sb-metrics__title" id="sb-metrics-title">
            Metrics
          </h2>
          <p className="sb-metrics__sub">
            Live numbers from this server, refreshed every {STATS_POLL_MS / 1000} seconds.
          </p>
        </div>
        <p className="sb-metrics__updated" aria-live="off">
          {receivedAt !== null ? (
            <>
              <span className="sb-dot sb-dot--online" aria-hidden="true" />
              Updated {updatedAgo(receivedAt, now)}
            </>
          ) : denied ? null : (
            "Loading…"
          )}
        </p>
      </header>
      {error && (
        <p className={`sb-metrics__error${denied ? " is-final" : ""}`} role="status">
          {error}
        </p>
      )}
      {!(denied && !stats) && (
        <ul className="sb-metrics__grid" aria-busy={stats === null}>
          <Card
            label="Waiting for an agent"
            value={show(stats?.waitingRooms)}
            hint={
              !stats
                ? "Open rooms no agent has taken"
                : waiting > 0
                  ? `${waiting === 1 ? "A customer is" : "Customers are"} waiting: pick up from the inbox`
                  : "Nobody is waiting"
            }
            tone={stats ? (waiting > 0 ? "warn" : "calm") : undefined}
          />
          <Card label="Open rooms" value={show(stats?.openRooms)} hint="Conversations not closed" />
          <Card
            label="Active customers"
            value={show(stats?.connectedCustomers)}
            hint="Connected right now"
          />
          <Card
            label="Active agents"
            value={show(stats?.connectedAgents)}
            hint="Connected right now"
          />
          <Card
            label="Messages per minute"
            value={show(stats?.messagesLastMinute)}
            hint="Sent in the last 60 seconds"
          >
            <Sparkline values={history} label="Messages per minute during this session" />
          </Card>
          <Card
            label="Delivery latency (p95)"
            value={
              p95 === undefined || p95 === null ? dash : `${number.format(Math.round(p95))} ms`
            }
            hint={p95 === null ? "No deliveries yet" : "Stored to delivered, 95th percentile"}
          />
          <Card label="Satisfaction, 7 days" value={week.value} hint={week.hint} />
          <Card label="Satisfaction, 30 days" value={month.value} hint={month.hint} />
        </ul>
      )}
    </section>
  );
}
