#!/usr/bin/env bash
# Runs the Bicep CLI that the project installs itself: the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (version in Directory.Packages.props), restored through
# tools/bicep/bicep.proj into the NuGet packages folder. Usage: bash tools/bicep.sh <bicep args>
# e.g. bash tools/bicep.sh build infra/main.bicep --outdir /tmp/arm
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
proj="$root/tools/bicep/bicep.proj"
package="azure.bicep.commandline.linux-x64"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "tools/bicep.sh: only linux-x64 is wired up (this is $(uname -s)-$(uname -m))" >&2; exit 2 ;;
esac

version="$(sed -n 's/.*<PackageVersion Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' "$root/Directory.Packages.props")"
if [[ -z "$version" ]]; then
  echo "tools/bicep.sh: no Azure.Bicep.CommandLine.linux-x64 version in Directory.Packages.props" >&2
  exit 2
fi

# Fast path: the package is already in the default packages folder.
bicep="${NUGET_PACKAGES:-$HOME/.nuget/packages}/$package/$version/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  dotnet restore "$proj" --verbosity quiet >&2
  # The package's own build props say where its binary is, wherever NuGet put the package.
  bicep="$(dotnet msbuild "$proj" -nologo -getProperty:BicepPath)"
fi
if [[ ! -f "$bicep" ]]; then
  echo "tools/bicep.sh: the Bicep binary is not at $bicep after restore" >&2
  exit 2
fi
# Extraction does not always keep the executable bit.
[[ -x "$bicep" ]] || chmod +x "$bicep"

exec "$bicep" "$@"
