// Keeps a transfer run's page current: about every second it reads the run from the JSON API and
// updates each entity's row and the chart in place, without reloading the page.
(function () {
  const run = document.body.dataset.run;
  if (!run) {
    return;
  }
  const base = '/transfers/' + encodeURIComponent(run);
  async function refresh() {
    const answer = await fetch('/api' + base);
    if (!answer.ok) {
      return;
    }
    const view = await answer.json();
    const status = document.getElementById('run-status');
    status.textContent = view.run.status;
    status.className = 'state state-' + view.run.status;
    for (const e of view.entities) {
      const row = document.querySelector('tr[data-entity="' + CSS.escape(e.entity) + '"]');
      if (!row) {
        continue;
      }
      for (const field of ['status', 'rowsRead', 'rowsWritten', 'rowsRejected', 'batches']) {
        row.querySelector('[data-field="' + field + '"]').textContent = e[field];
      }
      row.querySelector('[data-field="percent"]').textContent = e.percent == null ? '' : e.percent + '%';
      row.querySelector('progress').value = e.percent == null ? 0 : e.percent;
    }
    document.getElementById('throughput').src = base + '/throughput.svg?at=' + Date.now();
  }
  // The next read starts a second after the last one ended, so a slow database never piles requests up.
  async function loop() {
    try {
      await refresh();
    } catch (e) {
      // the server was stopped or restarted; keep trying
    }
    setTimeout(loop, 1000);
  }
  setTimeout(loop, 1000);
})();
