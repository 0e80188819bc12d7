/* The queue of actions taken offline (a lesson finished, a test answered), kept in IndexedDB
   until the server has received them. Shared by the pages and the service worker. Each
   action carries a UUID made here: the server acts on it once, however often it is sent. */
(function (scope) {
  "use strict";
  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("ctps-offline", 1);
      request.onupgradeneeded = function () { request.result.createObjectStore("queue", { keyPath: "uuid" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("queue", mode), out = work(tx.objectStore("queue"));
        tx.oncomplete = function () { resolve(out && "result" in out ? out.result : out); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  var queue = {
    add: function (item) {
      item.uuid = item.uuid || crypto.randomUUID();
      item.created = new Date().toISOString();
      return run("readwrite", function (store) { store.put(item); }).then(function () { return item; });
    },
    all: function () { return run("readonly", function (store) { return store.getAll(); }); },
    put: function (item) { return run("readwrite", function (store) { store.put(item); }); },
    remove: function (uuid) { return run("readwrite", function (store) { store.delete(uuid); }); },
    /* Send what waits; stop at the first network failure. 200 and 400 are answers (kept as
       the item's result until shown); 403 (signed out, expired token) keeps it for later. */
    flush: function () {
      /* One flush at a time across the pages and the worker (Web Locks where available). */
      var locks = self.navigator && self.navigator.locks;
      return locks ? locks.request("ctps-sync", send) : send();
    }
  };
  function send() {
      return queue.all().then(function (items) {
        items.sort(function (a, b) { return a.created < b.created ? -1 : 1; }); /* in the order done */
        return items.filter(function (item) { return !item.result; }).reduce(function (chain, item) {
          return chain.then(function () {
            return fetch(item.url, {
              method: "POST", credentials: "same-origin",
              headers: { "Content-Type": "application/json", "X-CSRFToken": item.csrf },
              body: JSON.stringify({ uuid: item.uuid, kind: item.kind, payload: item.payload })
            }).then(function (response) {
              if (response.status !== 200 && response.status !== 400) { return; }
              return response.json().then(function (data) {
                item.result = response.status === 200 ? data : { outcome: "refused", message: data.error };
                return queue.put(item);
              });
            });
          });
        }, Promise.resolve());
      });
  }
  scope.ctpsQueue = queue;
})(self);
