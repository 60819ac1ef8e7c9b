#!/usr/bin/env bash
# Measures what a consumer of each Sure library package restores and builds, the way a user would get it: the packages
# packed from this checkout into a local feed, a `dotnet new console` app outside the repository that references one
# package, restored into an EMPTY packages folder (so every dependency is downloaded and counted), then built, with and
# without a RuntimeIdentifier. Prints one table row per consumer and the NuGet warnings the consumer's build prints.
# Usage: [PACKAGES="Sure.Core …"] bench/package-size/measure.sh [WORK_DIR]   (needs the NuGet feed; several GB of disk)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=${1:-$(mktemp -d /tmp/sure-package-size.XXXXXX)}
ver=0.0.0-size.$(date +%s)
mkdir -p "$work/feed"
for p in Sure.Core Sure.Text.Pretrained Sure.Audio Sure.Reporting; do
  dotnet pack "$repo/src/$p" -c Release -o "$work/feed" -p:PackageVersion=$ver -p:NuspecOutputPath="$work/nuspec/" >/dev/null
done
echo '<Project />' > "$work/Directory.Build.props"; echo '<Project />' > "$work/Directory.Build.targets"
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear />
  <add key="local" value="$work/feed" />
  <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
</packageSources></configuration>
XML
printf '| consumer references | RuntimeIdentifier | packages | restored (MiB) | build output (MiB) | NuGet warnings |\n|---|---|---:|---:|---:|---|\n'
for pkg in ${PACKAGES:-Sure.Core Sure.Audio Sure.Text.Pretrained Sure.Reporting}; do
  for rid in "" linux-x64; do
    label=$pkg${rid:+-$rid}
    app="$work/app-$label"; pkgs="$work/pkgs-$label"
    rm -rf "$app" "$pkgs"
    dotnet new console -n Consumer -o "$app" >/dev/null
    ridprop=${rid:+<RuntimeIdentifier>$rid</RuntimeIdentifier><SelfContained>false</SelfContained>}
    cat > "$app/Consumer.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>$ridprop</PropertyGroup>
  <ItemGroup><PackageReference Include="$pkg" Version="$ver" /></ItemGroup>
</Project>
XML
    log=$(cd "$app" && NUGET_PACKAGES="$pkgs" dotnet build -c Release 2>&1) || { echo "$log" >&2; exit 1; }
    warnings=$( (grep -oE 'warning NU[0-9]+' <<<"$log" || true) | sort | uniq -c | awk '{printf "%s×%s ", $1, $3}')
    npk=$(find "$pkgs" -mindepth 1 -maxdepth 1 -type d | wc -l)
    restored=$(du -sm "$pkgs" | cut -f1)
    built=$(du -sm "$app/bin" | cut -f1)
    printf '| %s | %s | %s | %s | %s | %s |\n' "$pkg" "${rid:-none}" "$npk" "$restored" "$built" "${warnings:-none}"
  done
done
