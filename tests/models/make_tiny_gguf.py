#!/usr/bin/env python3
"""Writes tiny random-weight llama GGUF models for the tests (no real weights can be downloaded).

The tokenizer (a BPE vocabulary: grammar sampling needs one) is copied from one of llama.cpp's
vocabulary-only GGUFs; the weights are random, so the text is nonsense, but loading, templates,
sampling, grammars and embeddings run for real.

usage: make_tiny_gguf.py --gguf-py DIR --vocab FILE --out FILE [--embedding] [--seed N]
"""
import argparse
import sys

import numpy as np

CHATML = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}"
    "{% endif %}"
)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gguf-py", required=True)
    ap.add_argument("--vocab", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--embedding", action="store_true", help="declare mean pooling (an embedding model)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--embd", type=int, default=32)
    ap.add_argument("--layers", type=int, default=2)
    args = ap.parse_args()
    sys.path.insert(0, args.gguf_py)
    import gguf  # noqa: E402

    reader = gguf.GGUFReader(args.vocab)
    arch = "llama"
    writer = gguf.GGUFWriter(args.out, arch)
    n_embd, n_layer, n_head, n_ff = args.embd, args.layers, 4, args.embd * 2
    n_vocab = 0
    # Copy the tokenizer as it is.
    for name, field in reader.fields.items():
        if not name.startswith("tokenizer."):
            continue
        vtype = field.types[0]
        if vtype == gguf.GGUFValueType.ARRAY:
            sub = field.types[-1]
            values = [field.contents(i) for i in range(len(field.data))]
            writer.add_key_value(name, values, vtype, sub_type=sub)
            if name == "tokenizer.ggml.tokens":
                n_vocab = len(values)
        else:
            writer.add_key_value(name, field.contents(), vtype)
    if n_vocab == 0:
        print("no tokens in " + args.vocab, file=sys.stderr)
        return 1
    writer.add_name("tiny-embed" if args.embedding else "tiny-chat")
    writer.add_file_type(0)  # all F32
    writer.add_vocab_size(n_vocab)
    writer.add_context_length(8192)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    writer.add_head_count_kv(n_head)
    writer.add_rope_dimension_count(n_embd // n_head)
    writer.add_layer_norm_rms_eps(1e-5)
    if args.embedding:
        writer.add_pooling_type(gguf.PoolingType.MEAN)
    else:
        writer.add_chat_template(CHATML)

    rng = np.random.default_rng(args.seed)

    def w(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.2).astype(np.float32)

    writer.add_tensor("token_embd.weight", w(n_vocab, n_embd))
    writer.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    writer.add_tensor("output.weight", w(n_vocab, n_embd))
    for i in range(n_layer):
        p = f"blk.{i}."
        writer.add_tensor(p + "attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        writer.add_tensor(p + "attn_q.weight", w(n_embd, n_embd))
        writer.add_tensor(p + "attn_k.weight", w(n_embd, n_embd))
        writer.add_tensor(p + "attn_v.weight", w(n_embd, n_embd))
        writer.add_tensor(p + "attn_output.weight", w(n_embd, n_embd))
        writer.add_tensor(p + "ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        writer.add_tensor(p + "ffn_gate.weight", w(n_ff, n_embd))
        writer.add_tensor(p + "ffn_up.weight", w(n_ff, n_embd))
        writer.add_tensor(p + "ffn_down.weight", w(n_embd, n_ff))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
