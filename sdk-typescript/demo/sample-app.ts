// The sample workflow the demo records: an accounts-payable app where a clerk opens invoice INV-1042, is told the
// amount is missing, types it and approves the invoice. Served on 127.0.0.1 for the browser only.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const STYLE = `
  body { font: 16px system-ui, sans-serif; margin: 0; background: #f4f6fa; color: #1d2433; }
  header { background: #1f3a68; color: #fff; padding: 18px 32px; font-size: 20px; font-weight: 600; }
  main { padding: 28px 32px; }
  table { border-collapse: collapse; width: 720px; background: #fff; }
  th, td { text-align: left; padding: 12px 16px; border-bottom: 1px solid #dde3ee; }
  a { color: #1f5fbf; font-weight: 600; }
  form { background: #fff; padding: 24px; width: 480px; border: 1px solid #dde3ee; }
  label { display: block; margin: 14px 0 6px; font-weight: 600; }
  input { font-size: 16px; padding: 8px 10px; width: 220px; border: 1px solid #9aa6bd; }
  input.invalid { border-color: #c62828; background: #fff3f3; }
  .error { color: #c62828; margin-top: 6px; min-height: 20px; }
  button { margin-top: 18px; font-size: 16px; padding: 10px 26px; background: #2e7d32; color: #fff; border: 0; }
  .approved { margin-top: 20px; padding: 14px 18px; background: #e6f4ea; color: #1e6b2e; font-weight: 600; }
`;

const LIST = `<!doctype html><html><head><title>Invoices</title><style>${STYLE}</style></head><body>
<header>Acme Payables</header>
<main><h2>Invoices awaiting approval</h2>
<table><tr><th>Invoice</th><th>Vendor</th><th>Due</th></tr>
<tr><td><a href="/invoices/INV-1041">INV-1041</a></td><td>Northwind Traders</td><td>2026-12-14</td></tr>
<tr><td><a id="open-inv-1042" href="/invoices/INV-1042">INV-1042</a></td><td>Contoso Ltd</td><td>2026-12-18</td></tr>
<tr><td><a href="/invoices/INV-1043">INV-1043</a></td><td>Fabrikam Inc</td><td>2026-12-21</td></tr>
</table></main></body></html>`;

const DETAIL = `<!doctype html><html><head><title>INV-1042</title><style>${STYLE}</style></head><body>
<header>Acme Payables</header>
<main><h2>Invoice INV-1042 &middot; Contoso Ltd</h2>
<form id="approve_invoice">
  <div>Due 2026-12-18 &middot; PO 88-311</div>
  <label for="amount">Amount (USD)</label>
  <input id="amount" name="amount" autocomplete="off" aria-label="Amount">
  <div id="amount-error" class="error" role="alert"></div>
  <button id="approve" type="submit">Approve</button>
  <div id="result"></div>
</form></main>
<script>
document.getElementById("approve_invoice").addEventListener("submit", (e) => {
  e.preventDefault();
  const amount = document.getElementById("amount");
  const error = document.getElementById("amount-error");
  if (amount.value.trim() === "") {
    amount.classList.add("invalid");
    error.textContent = "Amount is required";
    return;
  }
  amount.classList.remove("invalid");
  error.textContent = "";
  document.getElementById("result").innerHTML = '<div class="approved">Invoice INV-1042 approved for $' + amount.value + '</div>';
});
</script></body></html>`;

/** Starts the app on a free loopback port; answers its base URL and a function that stops it. */
export async function startSampleApp(): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://app").pathname;
    const page = path === "/" ? LIST : path === "/invoices/INV-1042" ? DETAIL : undefined;
    res.writeHead(page ? 200 : 404, { "Content-Type": "text/html; charset=utf-8" });
    res.end(page ?? "<h1>Not found</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
