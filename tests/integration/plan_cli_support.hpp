// Support for the `hf2ms plan` / `hf2ms show` integration tests: a simulator fixture seeded
// with the repos the example manifests name, and a runner for the real hf2ms binary with the
// environment pointing at the simulator (HF_ENDPOINT, MODELSCOPE_ENDPOINT, the default users'
// tokens in HF_TOKEN / MODELSCOPE_TOKEN, and a private cache folder in HF2MS_CACHE_DIR).
#pragma once

#include "hubsim/seed.hpp"
#include "support/hubsim_fixture.hpp"
#include "util/file.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/wait.h>

namespace hf2ms::testing {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Every repo the example manifests read, on the hub each names.
inline constexpr const char* k_example_seed = R"({"repos":[
 {"hub":"hf","type":"model","id":"Qwen/Qwen2.5-0.5B-Instruct","files":[
   {"path":"model.safetensors","size":2000000,"lfs":true},
   {"path":"config.json","content":"{\"hidden_size\": 896}\n"},
   {"path":"README.md","content":"---\nlicense: apache-2.0\n---\n# Qwen2.5\n"},
   {"path":"LICENSE","content":"Apache License 2.0\n"},
   {"path":"merges.txt","content":"a b\n"},
   {"path":"pytorch_model.bin","size":3000}]},
 {"hub":"hf","type":"dataset","id":"acme/web-corpus","files":[
   {"path":"data/train/part-{j}.parquet","count":3,"size":50000,"lfs":true},
   {"path":"README.md","content":"# corpus\n"},
   {"path":".gitattributes","content":"*.parquet filter=lfs\n"}]},
 {"hub":"hf","type":"model","id":"acme/llm-7b","files":[
   {"path":"model-{j}.safetensors","count":2,"size":100000,"lfs":true},
   {"path":"config.json","content":"{}\n"},
   {"path":"tokenizer.model","size":4000},
   {"path":"pytorch_model.bin","size":5000},
   {"path":"README.md","content":"# llm\n"}]},
 {"hub":"hf","type":"dataset","id":"acme/llm-7b-eval","files":[
   {"path":"results/scores.json","content":"[1,2]\n"},
   {"path":"runs/a/checkpoints/x.bin","size":1000}]},
 {"hub":"hf","type":"space","id":"acme/chat-demo","files":[
   {"path":"app.py","content":"print('hi')\n"},
   {"path":"README.md","content":"---\nsdk: gradio\n---\n"}]},
 {"hub":"ms","type":"model","id":"damo/nlp_corom_sentence-embedding_english-base","files":[
   {"path":"README.md","content":"---\nlicense: Apache License 2.0\n---\n# corom\n"},
   {"path":"config.json","content":"{\"a\": 1}\n"},
   {"path":"pytorch_model.bin","size":3000}]}
]})";

class PlanCliTest : public HubsimTest {
 protected:
  void SetUp() override {
    HubsimTest::SetUp();
    ASSERT_TRUE(hubsim::apply_seed_spec(sim().store(), k_example_seed, temp_dir().path()));
    point_hf2ms_at(urls(), temp_dir().path() + "/cache");
  }

  // Runs `hf2ms <args>` (arguments are shell words; tests pass only safe ones).
  CliRun hf2ms(const std::string& args) {
    const std::string err_file = temp_dir().path() + "/stderr.txt";
    const std::string cmd =
        std::string(HF2MS_BINARY_DIR) + "/src/cli/hf2ms " + args + " 2>" + err_file;
    CliRun r;
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (pipe == nullptr) {
      ADD_FAILURE() << "popen failed";
      return r;
    }
    char buf[4096];
    for (std::size_t n = 0; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) {
      r.out.append(buf, n);
    }
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read_file(err_file).value_or("");
    return r;
  }

  // Writes `text` to a file in the test's folder and returns its path.
  std::string write(const std::string& name, const std::string& text) {
    const std::string path = temp_dir().path() + "/" + name;
    EXPECT_TRUE(write_file_atomic(path, text));
    return path;
  }

  static std::string example(const std::string& name) {
    return std::string(HF2MS_SOURCE_DIR) + "/examples/" + name;
  }
};

}  // namespace hf2ms::testing
