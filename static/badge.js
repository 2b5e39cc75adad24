// The badge page's camera (templates/badge/signin.mustache). Where the browser has
// BarcodeDetector (ChromeOS) the QR code is read here and posted as the form's `badge` field;
// elsewhere small grayscale frames go to the server, which reads them with ZBar and keeps none.
// Without this script, or without a camera, the page's form takes the short code typed.
(function () {
  "use strict";
  var form = document.getElementById("badge-form");
  if (!form || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { return; }
  var box = document.getElementById("camera");
  var video = document.getElementById("camera-video");
  var status = document.getElementById("camera-status");
  var WIDTH = 320, HEIGHT = 240, EVERY_MS = 400, PAUSE_AFTER_WRONG_MS = 3000;
  var done = false, busy = false, pausedUntil = 0;

  navigator.mediaDevices.getUserMedia({ audio: false, video: { width: { ideal: 640 }, height: { ideal: 480 } } })
    .then(function (stream) {
      video.srcObject = stream;
      box.hidden = false;
      return video.play();
    })
    .then(chooseReader)
    .catch(function () { status.textContent = form.dataset.noCamera; box.hidden = false; video.hidden = true; });

  function chooseReader() {
    if (!("BarcodeDetector" in window)) { return every(sendFrame); }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) { return every(sendFrame); }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      every(function () {
        return detector.detect(video).then(function (codes) {
          if (codes.length > 0) { submit(codes[0].rawValue); }
        });
      });
    }, function () { every(sendFrame); });
  }

  /// Runs `step` (which returns a promise) every EVERY_MS, one at a time, until signed in.
  function every(step) {
    window.setInterval(function () {
      if (done || busy || Date.now() < pausedUntil || video.readyState < 2) { return; }
      busy = true;
      Promise.resolve().then(step).catch(function () {}).then(function () { busy = false; });
    }, EVERY_MS);
  }

  function submit(text) {
    done = true;
    form.elements.badge.value = text;
    form.submit();
  }

  var canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  var drawing = canvas.getContext("2d", { willReadFrequently: true });

  /// The current frame, scaled to WIDTH x HEIGHT, as gray bytes in base64url.
  function grayFrame() {
    drawing.drawImage(video, 0, 0, WIDTH, HEIGHT);
    var rgba = drawing.getImageData(0, 0, WIDTH, HEIGHT).data;
    var gray = new Uint8Array(WIDTH * HEIGHT);
    for (var i = 0, j = 0; j < gray.length; i += 4, j += 1) {
      gray[j] = (rgba[i] * 77 + rgba[i + 1] * 150 + rgba[i + 2] * 29) >> 8;
    }
    var text = "";
    for (var k = 0; k < gray.length; k += 8192) {
      text += String.fromCharCode.apply(null, gray.subarray(k, k + 8192));
    }
    return window.btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function sendFrame() {
    var body = new URLSearchParams();
    body.set("csrf_token", form.elements.csrf_token.value);
    body.set("width", String(WIDTH));
    body.set("height", String(HEIGHT));
    body.set("frame", grayFrame());
    return window.fetch(form.dataset.framePath, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 204) { return; }
        return response.json().then(function (answer) {
          if (response.ok && answer.next) {
            done = true;
            window.location.assign(answer.next);
          } else {
            status.textContent = answer.message || form.dataset.wrong;
            pausedUntil = Date.now() + PAUSE_AFTER_WRONG_MS;
          }
        });
      });
  }
}());
