// Declarations of each subcommand's setup function; one .cpp per subcommand defines one.
#pragma once

#include "cli/command.hpp"

namespace hf2ms::cli {

Action setup_validate(CLI::App& sub);
Action setup_plan(CLI::App& sub);
Action setup_show(CLI::App& sub);
Action setup_transfer(CLI::App& sub);
Action setup_apply(CLI::App& sub);
Action setup_migrate(CLI::App& sub);
Action setup_doctor(CLI::App& sub);
Action setup_completion(CLI::App& sub);

}  // namespace hf2ms::cli
