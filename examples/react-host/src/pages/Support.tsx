import { ChatProvider, ChatWindow } from "@switchboard/react";
import "@switchboard/react/styles.css";
import { chat } from "../chat.ts";

const FAQ = [
  ["When will my order ship?", "Most orders leave our warehouse within one working day."],
  ["Can I return worn gear?", "Yes, within 60 days, if it is clean. Boots too."],
  ["Do you repair tents?", "We patch and re-seam our own tents for free for five years."],
];

export function Support() {
  return (
    <div className="page support">
      <section className="faq" aria-labelledby="faq-title">
        <h1 id="faq-title">Support</h1>
        <p>Answers to what we are asked most. For anything else, write to us here.</p>
        <dl>
          {FAQ.map(([question, answer]) => (
            <div key={question}>
              <dt>{question}</dt>
              <dd>{answer}</dd>
            </div>
          ))}
        </dl>
      </section>
      <ChatProvider client={chat}>
        <ChatWindow team="Northwind Support" />
      </ChatProvider>
    </div>
  );
}
