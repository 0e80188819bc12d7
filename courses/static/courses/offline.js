/* Offline learning, progressive enhancement (every page works without it): registers the
   service worker, saves and refreshes a course's offline copy, queues what the trainee does
   offline and shows what will sync and what the server answered. See docs/OFFLINE.md. */
(function () {
  "use strict";
  var script = document.currentScript, queue = self.ctpsQueue;
  if (!script || !queue || !("caches" in self) || !("serviceWorker" in navigator)) { return; }
  var META = "ctps-offline-courses", REFRESH_MS = 10 * 60 * 1000;
  var main = document.getElementById("main");
  navigator.serviceWorker.register(script.getAttribute("data-sw"), { scope: "/" });

  function saved() { try { return JSON.parse(localStorage.getItem(META)) || {}; } catch (e) { return {}; } }
  function store(all) { localStorage.setItem(META, JSON.stringify(all)); }
  function csrf() { var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/); return m ? decodeURIComponent(m[1]) : ""; }
  function text(key) { return (main && main.querySelector("[data-offline-texts]") || script).getAttribute("data-" + key) || ""; }
  function purge(id) {
    var all = saved(); delete all[id]; store(all);
    return caches.delete("ctps-course-" + id);
  }
  function download(id, packageUrl) {
    return fetch(packageUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (response.status === 401 || response.status === 403 || response.status === 404) {
        return purge(id).then(function () { return response.json(); }).then(function (data) { throw new Error(data.error); });
      }
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error); }
        var meta = saved()[id];
        if (meta && meta.version === data.version) { meta.synced = Date.now(); var all = saved(); all[id] = meta; store(all); return data; }
        return caches.delete("ctps-course-" + id).then(function () { return caches.open("ctps-course-" + id); })
          .then(function (cache) { return cache.addAll(data.urls); })
          .then(function () { var all = saved(); all[id] = { version: data.version, synced: Date.now(), url: packageUrl, bytes: data.bytes, test: data.test }; store(all); return data; });
      });
    });
  }

  /* Signed out: no course stays on this phone (the queue stays, sent after signing in). */
  if (script.getAttribute("data-user") !== "1") {
    Object.keys(saved()).forEach(purge);
  } else if (navigator.onLine) {
    var here = main && main.querySelector("[data-offline-course]");
    Object.keys(saved()).forEach(function (id) {
      var meta = saved()[id];
      if ((here && here.getAttribute("data-offline-course") === id) || Date.now() - meta.synced > REFRESH_MS) {
        download(id, meta.url).then(render, render);
      }
    });
  }

  /* The course page: size beforehand, quota check, save, badge, last synced, remove. */
  var box = main && main.querySelector("[data-offline-course]");
  function render() {
    if (!box) { return; }
    var id = box.getAttribute("data-offline-course"), meta = saved()[id];
    box.hidden = false;
    box.querySelector("[data-offline-badge]").hidden = !meta;
    box.querySelector("[data-offline-remove]").hidden = !meta;
    box.querySelector("[data-offline-save]").hidden = !!meta;
    var testLink = box.querySelector("[data-offline-test-link]");
    if (testLink) { testLink.hidden = !(meta && meta.test); }
    box.querySelector("[data-offline-synced]").textContent = meta ? new Date(meta.synced).toLocaleString(document.documentElement.lang) : "";
  }
  function say(message) { if (box) { box.querySelector("[data-offline-message]").textContent = message || ""; } }
  if (box) {
    var id = box.getAttribute("data-offline-course"), url = box.getAttribute("data-package");
    render();
    if (navigator.onLine) {
      fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.json(); }).then(function (data) {
        if (data.bytes) { box.querySelector("[data-offline-size]").textContent = (data.bytes / 1048576).toFixed(1).replace(".", document.documentElement.lang === "fr" ? "," : ".") + " MB"; }
        if (data.error) { say(data.error); }
      }).catch(function () {});
    }
    box.querySelector("[data-offline-save]").addEventListener("click", function () {
      say(box.getAttribute("data-saving"));
      fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.json(); }).then(function (data) {
        var estimate = navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : Promise.resolve(null);
        return estimate.then(function (room) {
          if (room && room.quota && room.quota - room.usage < data.bytes) { throw new Error(box.getAttribute("data-no-room")); }
          return download(id, url);
        });
      }).then(function () { render(); say(box.getAttribute("data-saved")); },
               function (error) { render(); say(error.message || box.getAttribute("data-failed")); });
    });
    box.querySelector("[data-offline-remove]").addEventListener("click", function () {
      purge(id).then(function () { render(); say(box.getAttribute("data-removed")); });
    });
  }

  /* What waits to sync, and what the server answered (shown once). */
  var status = document.createElement("div");
  status.className = "offline-status"; status.setAttribute("role", "status");
  if (main) { main.insertBefore(status, main.firstChild); }
  var rendering = Promise.resolve();
  function showQueue() {
    rendering = rendering.then(render_queue, render_queue);
    return rendering;
  }
  var shown = {};
  function render_queue() {
    return queue.all().then(function (items) {
      var old = status.querySelector(".offline-waiting");
      if (old) { old.remove(); }
      var waiting = items.filter(function (item) { return !item.result; });
      if (waiting.length) {
        var p = document.createElement("p"); p.className = "message message--info offline-waiting";
        p.textContent = script.getAttribute("data-waiting").replace("%s", waiting.length);
        status.insertBefore(p, status.firstChild);
      }
      items.filter(function (item) { return item.result; }).forEach(function (item) {
        queue.remove(item.uuid);
        if (shown[item.uuid]) { return; }
        shown[item.uuid] = true;
        var p = document.createElement("p");
        p.className = "message message--" + (item.result.outcome === "accepted" ? "success" : "error");
        p.textContent = item.result.message + " ";
        if (item.result.url) { var a = document.createElement("a"); a.href = item.result.url; a.textContent = script.getAttribute("data-see"); p.appendChild(a); }
        status.appendChild(p);
      });
    });
  }
  function sync() {
    if (!navigator.onLine || script.getAttribute("data-user") !== "1") { return showQueue(); }
    return queue.flush().catch(function () {}).then(showQueue);
  }
  function later(item) {
    return queue.add(item).then(function () {
      if (navigator.serviceWorker.controller && "SyncManager" in self) {
        navigator.serviceWorker.ready.then(function (reg) { return reg.sync.register("ctps-sync"); }).catch(function () {});
      }
      return sync();
    });
  }
  window.addEventListener("online", sync);
  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data === "ctps-synced") { showQueue(); }
  });
  sync();

  /* "I have finished this lesson" without a connection: the service worker queued it (the
     form posts as usual); the page says so and offers the next lesson. */
  var lessonForm = main && main.querySelector("form[data-offline-lesson]");
  if (lessonForm) {
    queue.all().then(function (items) {
      var waiting = items.some(function (item) {
        return !item.result && item.kind === "lesson" && String(item.payload.lesson) === lessonForm.getAttribute("data-offline-lesson");
      });
      if (!waiting) { return; }
      var p = document.createElement("p"); p.className = "done offline-queued";
      p.textContent = lessonForm.getAttribute("data-queued") + " ";
      var next = lessonForm.getAttribute("data-next-url");
      if (next) { var a = document.createElement("a"); a.className = "button"; a.href = next; a.textContent = lessonForm.getAttribute("data-next-label"); p.appendChild(a); }
      lessonForm.replaceWith(p);
    });
  }

  /* The test taken offline: always queued, sent at once when online, graded by the server. */
  var testForm = main && main.querySelector("form[data-offline-test]");
  if (testForm) {
    testForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var answers = {}, data = new FormData(testForm);
      data.forEach(function (value, name) { if (/^q\d+$/.test(name)) { (answers[name] = answers[name] || []).push(value); } });
      later({ kind: "test", payload: { draw: data.get("draw"), answers: answers }, url: script.getAttribute("data-sync"), csrf: csrf() }).then(function () {
        var p = document.createElement("p"); p.className = "message message--info offline-queued";
        p.textContent = testForm.getAttribute("data-queued");
        testForm.replaceWith(p);
      });
    });
  }
})();
