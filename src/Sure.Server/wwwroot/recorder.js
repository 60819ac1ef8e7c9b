// Sure's microphone capture: an AudioWorklet processor that posts each block of the input, mixed to mono, to the page
// (app.js), which encodes the recording as a 16-bit WAV. Loaded by app.js with audioWorklet.addModule; no dependencies.
"use strict";

class SureRecorder extends AudioWorkletProcessor {
  process(inputs) {
    const input = inputs[0];
    if (input && input.length > 0 && input[0].length > 0) {
      const n = input[0].length;
      const mono = new Float32Array(n);
      for (const channel of input)
        for (let i = 0; i < n; i++) mono[i] += channel[i] / input.length;
      this.port.postMessage(mono, [mono.buffer]);
    }
    return true; // keep recording until the page disconnects the node
  }
}

registerProcessor("sure-recorder", SureRecorder);
