/* pbl-author library catalogue: faceted filtering and full-text search.
 *
 * Progressive enhancement of the catalogue (index.html). Without this script the page
 * lists every unit. With it:
 * - ticking facet values filters the cards: OR within a facet, AND across facets; each
 *   value's count says how many units would show if it were ticked too (the units that
 *   match the search and every other facet, and have this value);
 * - typing in the search box runs pagefind over the unit pages and shows the matching
 *   cards that the ticked facets leave, best match first;
 * - the state lives in the query string (?q=creek&competency=4Cs%3A+Collaboration), so
 *   a filtered view can be linked and survives a reload;
 * - the status line (role="status") says how many units show.
 * Where pagefind cannot load (the page opened from disk, no index), the search matches
 * the words on the cards instead and the status line says so.
 *
 * Plain ES2019 (plus import()), no build step, nothing loaded from elsewhere; every URL
 * is relative to this script, so the site works under any base path.
 */
(function () {
  "use strict";

  var script =
    document.currentScript || document.querySelector('script[src$="library.js"]');
  var base = script && script.src ? script.src : document.baseURI;
  var PAGEFIND_URL = new URL("../pagefind/pagefind.js", base).href;
  var UNIT_IDS_URL = new URL("../pagefind/pbl-unit-ids.json", base).href;
  var DEBOUNCE_MS = 200;

  function plural(count, one, many) {
    return count === 1 ? one : many;
  }

  function statusText(count, filtered, fallback) {
    var text;
    if (!filtered) {
      text = count + plural(count, " unit", " units");
    } else if (count === 0) {
      text = "No units match";
    } else {
      text = count + plural(count, " unit matches", " units match");
    }
    if (fallback) {
      text += " (full-text search is not available here, so only the unit cards were searched)";
    }
    return text;
  }

  // -- pagefind, loaded on first use ----------------------------------------------

  var pagefindLoad = null;
  var unitIdsLoad = null;

  /* The index's list of live pages: {pages: {page id: unit id}, merge: [index URLs]}
   * (null when it cannot be read). */
  function loadUnitIds() {
    if (!unitIdsLoad) {
      unitIdsLoad = fetch(UNIT_IDS_URL)
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          return data && data.pages && typeof data.pages === "object" ? data : null;
        })
        .catch(function () {
          return null;
        });
    }
    return unitIdsLoad;
  }

  function loadPagefind() {
    if (!pagefindLoad) {
      pagefindLoad = import(PAGEFIND_URL).then(async function (pagefind) {
        if (pagefind.init) {
          await pagefind.init();
        }
        // The small index of recently changed units, merged into the main one.
        var known = await loadUnitIds();
        var merge = known && Array.isArray(known.merge) ? known.merge : [];
        for (var i = 0; i < merge.length; i += 1) {
          await pagefind.mergeIndex(new URL(merge[i], UNIT_IDS_URL).href);
        }
        return pagefind;
      });
      // A failure is remembered: the card search takes over for the page's lifetime.
      pagefindLoad.catch(function () {});
    }
    return pagefindLoad;
  }

  /* Unit ids of pagefind results, in result order. A result the list of live pages
   * does not name is an old copy of a changed unit's page: it is left out. */
  async function unitIdsOf(results) {
    var known = await loadUnitIds();
    return Promise.all(
      results.map(async function (result) {
        if (known) {
          return Object.prototype.hasOwnProperty.call(known.pages, result.id)
            ? known.pages[result.id]
            : undefined;
        }
        var data = await result.data(); // no list: the page's own meta
        return data && data.meta ? data.meta.unit_id : undefined;
      })
    );
  }

  async function pagefindSearch(query) {
    var pagefind = await loadPagefind();
    var response = await pagefind.search(query);
    var ids = await unitIdsOf(response && response.results ? response.results : []);
    // A page unchanged since the main index is in both indexes: one card for it.
    var seen = Object.create(null);
    return ids.filter(function (id) {
      if (typeof id !== "string" || seen[id]) {
        return false;
      }
      seen[id] = true;
      return true;
    });
  }

  // -- the page -------------------------------------------------------------------

  function start() {
    var list = document.getElementById("pbl-cards");
    if (!list) {
      return;
    }
    var form = document.getElementById("pbl-search-form");
    var input = document.getElementById("pbl-search");
    var status = document.getElementById("pbl-status");

    var facets = Array.prototype.map.call(
      document.querySelectorAll("fieldset.pbl-facet[data-facet]"),
      function (fieldset) {
        var name = fieldset.getAttribute("data-facet");
        var boxes = Array.prototype.filter.call(
          fieldset.querySelectorAll('input[type="checkbox"]'),
          function (box) {
            return box.name === name;
          }
        );
        return { name: name, boxes: boxes };
      }
    );

    var cards = Array.prototype.map.call(list.querySelectorAll("li.pbl-card"), function (li) {
      var values = {};
      facets.forEach(function (facet) {
        var raw = li.getAttribute("data-" + facet.name) || "";
        values[facet.name] = raw.split("|").filter(Boolean);
      });
      return {
        element: li,
        id: li.getAttribute("data-unit"),
        values: values,
        text: (li.textContent || "").toLowerCase(),
      };
    });
    var byId = new Map();
    cards.forEach(function (card) {
      byId.set(card.id, card);
    });

    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "pbl-clear";
    clear.textContent = "Clear search and filters";
    clear.hidden = true;
    (status || list).insertAdjacentElement("afterend", clear);

    // -- state <-> query string ---------------------------------------------------

    function ticked() {
      var chosen = {};
      facets.forEach(function (facet) {
        var values = facet.boxes
          .filter(function (box) {
            return box.checked;
          })
          .map(function (box) {
            return box.value;
          });
        if (values.length) {
          chosen[facet.name] = new Set(values);
        }
      });
      return chosen;
    }

    function restoreFromUrl() {
      var params = new URLSearchParams(window.location.search);
      if (input) {
        input.value = params.get("q") || "";
      }
      facets.forEach(function (facet) {
        var wanted = params.getAll(facet.name);
        facet.boxes.forEach(function (box) {
          box.checked = wanted.indexOf(box.value) !== -1;
        });
      });
    }

    function writeUrl(query, chosen) {
      var params = new URLSearchParams(window.location.search);
      params.delete("q");
      facets.forEach(function (facet) {
        params.delete(facet.name);
      });
      if (query) {
        params.set("q", query);
      }
      facets.forEach(function (facet) {
        facet.boxes.forEach(function (box) {
          if (chosen[facet.name] && box.checked) {
            params.append(facet.name, box.value);
          }
        });
      });
      var search = params.toString();
      var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
      var current = window.location.pathname + window.location.search + window.location.hash;
      if (url !== current) {
        try {
          window.history.replaceState(window.history.state, "", url);
        } catch (error) {
          // some file:// pages refuse; the view still works
        }
      }
    }

    // -- filtering ------------------------------------------------------------------

    /* Names of the facets whose ticked values this card has none of. */
    function failedFacets(card, chosen) {
      var failed = [];
      Object.keys(chosen).forEach(function (name) {
        var wanted = chosen[name];
        var has = card.values[name].some(function (value) {
          return wanted.has(value);
        });
        if (!has) {
          failed.push(name);
        }
      });
      return failed;
    }

    function cardMatches(card, query) {
      var words = query.toLowerCase().split(/\s+/).filter(Boolean);
      return words.every(function (word) {
        return card.text.indexOf(word) !== -1;
      });
    }

    /* Show the cards that pass the ticked facets and, when ``found`` is not null,
     * match the query: ``found`` holds the matching unit ids, best first. */
    function render(query, chosen, found, fallback) {
      var matched = found ? new Set(found) : null;
      var filtered = Boolean(query) || Object.keys(chosen).length > 0;
      var counts = {};
      facets.forEach(function (facet) {
        counts[facet.name] = new Map();
      });
      function add(name, values) {
        values.forEach(function (value) {
          counts[name].set(value, (counts[name].get(value) || 0) + 1);
        });
      }
      var visible = new Set();
      cards.forEach(function (card) {
        if (matched && !matched.has(card.id)) {
          return;
        }
        var failed = failedFacets(card, chosen);
        if (failed.length === 0) {
          visible.add(card.id);
          facets.forEach(function (facet) {
            add(facet.name, card.values[facet.name]);
          });
        } else if (failed.length === 1) {
          add(failed[0], card.values[failed[0]]);
        }
      });
      var order = cards.slice();
      if (found) {
        var ranked = [];
        found.forEach(function (id) {
          if (visible.has(id) && byId.has(id)) {
            ranked.push(byId.get(id));
          }
        });
        var rest = cards.filter(function (card) {
          return !visible.has(card.id);
        });
        order = ranked.concat(rest);
      }
      var inPlace = order.every(function (card, index) {
        return list.children[index] === card.element;
      });
      if (!inPlace) {
        var fragment = document.createDocumentFragment();
        order.forEach(function (card) {
          fragment.appendChild(card.element);
        });
        list.appendChild(fragment);
      }
      cards.forEach(function (card) {
        card.element.hidden = !visible.has(card.id);
      });

      facets.forEach(function (facet) {
        facet.boxes.forEach(function (box) {
          var count = counts[facet.name].get(box.value) || 0;
          var label = box.closest("label");
          var span = label ? label.querySelector(".pbl-count") : null;
          if (span) {
            span.textContent = "(" + count + ")";
          }
          if (label) {
            label.classList.toggle("pbl-empty", count === 0);
          }
        });
      });

      var text = statusText(visible.size, filtered, fallback);
      if (status && status.textContent !== text) {
        status.textContent = text;
      }
      clear.hidden = !filtered;
    }

    // -- running ----------------------------------------------------------------------

    var generation = 0;
    var timer = null;
    var last = { query: null, found: null, fallback: false }; // the latest search

    /* Unit ids matching ``query``, best first: pagefind's, or the cards' words when
     * pagefind cannot load. The facets are not passed to pagefind as filters: they
     * filter the results on the cards, which gives the same cards and also the counts
     * of the values not ticked (a second search for those would cost as much again:
     * seconds for a common word in a very large library). */
    async function search(query) {
      if (last.query === query) {
        return last;
      }
      var result;
      try {
        result = { query: query, found: await pagefindSearch(query), fallback: false };
      } catch (error) {
        var matching = cards
          .filter(function (card) {
            return cardMatches(card, query);
          })
          .map(function (card) {
            return card.id;
          });
        result = { query: query, found: matching, fallback: true };
      }
      last = result;
      return result;
    }

    async function update() {
      generation += 1;
      var mine = generation;
      var query = input ? input.value.trim() : "";
      var chosen = ticked();
      writeUrl(query, chosen);
      if (!query) {
        render(query, chosen, null, false);
        return;
      }
      var result = await search(query);
      if (mine === generation) {
        render(query, ticked(), result.found, result.fallback);
      }
    }

    function later() {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, DEBOUNCE_MS);
    }

    function now() {
      window.clearTimeout(timer);
      update();
    }

    if (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        now();
      });
    }
    if (input) {
      input.addEventListener("input", later);
      input.addEventListener("focus", function () {
        loadPagefind().catch(function () {});
        loadUnitIds();
      });
    }
    facets.forEach(function (facet) {
      facet.boxes.forEach(function (box) {
        box.addEventListener("change", now);
      });
    });
    clear.addEventListener("click", function () {
      if (input) {
        input.value = "";
      }
      facets.forEach(function (facet) {
        facet.boxes.forEach(function (box) {
          box.checked = false;
        });
      });
      now();
      if (input) {
        input.focus();
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        restoreFromUrl(); // back to a page the browser kept: the URL is the truth
        now();
      }
    });

    restoreFromUrl();
    now();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
