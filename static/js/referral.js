/* The referral form, enhanced: shows live which network will receive the request and
   offers "use my location". Without JavaScript the form works the same, with a
   "Check who will receive it" button answered by the server. */
(function () {
  "use strict";
  var form = document.getElementById("referral-form");
  if (!form) return;

  var result = document.getElementById("routing-result");
  var municipality = form.querySelector("#id_municipality");
  var postalCode = form.querySelector("#id_postal_code");
  var latitude = form.querySelector("#id_latitude");
  var longitude = form.querySelector("#id_longitude");
  var routeUrl = form.dataset.routeUrl;
  var pending = null;
  var timer = null;

  var language = (document.documentElement.lang || "sv").slice(0, 2);

  function say(text, extra) {
    result.textContent = "";
    var box = document.createElement("div");
    box.className = "entry";
    var p = document.createElement("p");
    var strong = document.createElement("strong");
    strong.textContent = text;
    p.appendChild(strong);
    box.appendChild(p);
    if (extra) {
      var more = document.createElement("p");
      more.textContent = extra;
      box.appendChild(more);
    }
    if (latitude.value && longitude.value) {
      var used = document.createElement("p");
      used.textContent = form.dataset.locationUsed;
      box.appendChild(used);
    }
    result.appendChild(box);
  }

  function query() {
    if (latitude.value && longitude.value) {
      return "lat=" + encodeURIComponent(latitude.value) + "&lon=" + encodeURIComponent(longitude.value);
    }
    // Both, as the form sends them: a postal code the server does not know then gives
    // way to the chosen municipality (the explanation says so).
    var params = [];
    var code = postalCode.value.replace(/\s/g, "");
    if (/^[0-9]{5}$/.test(code)) params.push("postal_code=" + code);
    if (municipality.value) params.push("municipality=" + encodeURIComponent(municipality.value));
    return params.length ? params.join("&") : null;
  }

  function update() {
    var params = query();
    if (!params) {
      result.textContent = "";
      return;
    }
    if (pending) pending.abort();
    pending = new AbortController();
    say(form.dataset.looking);
    fetch(routeUrl + "?" + params + "&lang=" + language, { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("no route");
        return response.json();
      })
      .then(function (data) {
        var sentence = form.dataset.sentence.replace("__NETWORK__", data.network.name);
        say(sentence, data.explanation || "");
      })
      .catch(function (error) {
        if (error.name !== "AbortError") say(form.dataset.notFound);
      });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(update, 400);
  }

  municipality.addEventListener("change", update);
  postalCode.addEventListener("input", later);

  // "Use my location" exists only where it can work: with JavaScript and geolocation.
  var buttons = document.getElementById("location-buttons");
  if (navigator.geolocation && buttons) {
    var useLocation = button(buttons.dataset.use, "use-location");
    var forgetLocation = button(buttons.dataset.forget, "forget-location");
    buttons.appendChild(useLocation);
    if (latitude.value && longitude.value) buttons.appendChild(forgetLocation);

    useLocation.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (position) {
          // Three decimals (about 100 m) are enough to find the network.
          latitude.value = position.coords.latitude.toFixed(3);
          longitude.value = position.coords.longitude.toFixed(3);
          buttons.appendChild(forgetLocation);
          update();
        },
        function () {
          say(form.dataset.locationFailed);
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
      );
    });
    forgetLocation.addEventListener("click", function () {
      latitude.value = "";
      longitude.value = "";
      useLocation.focus();
      buttons.removeChild(forgetLocation);
      update();
    });
  }

  function button(label, id) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "secondary";
    element.id = id;
    element.textContent = label;
    return element;
  }
})();
