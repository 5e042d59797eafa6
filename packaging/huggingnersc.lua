-- Lmod modulefile for HuggingNERSC at NERSC. Installed as MODULEFILES/huggingnersc/VERSION.lua (the file
-- name gives the version); see packaging/INSTALL.md for the steps. Users then run:
--   module load huggingnersc
--   huggingnersc --help          man huggingnersc-catalog-new-dataset          huggingnersc <TAB>

-- where staff unpack release archives: PREFIX/huggingnersc-VERSION/{bin,lib,share}
local prefix = "/global/common/software/nersc/huggingnersc"
local version = myModuleVersion()
local root = pathJoin(prefix, "huggingnersc-" .. version)

whatis("Name: HuggingNERSC")
whatis("Version: " .. version)
whatis("Description: catalog NERSC datasets on the Hugging Face Hub and link them to where their bytes live")
whatis("URL: https://huggingface.co/NERSC")
help([[
HuggingNERSC ]] .. version .. [[ catalogs NERSC datasets on the Hugging Face Hub.

  huggingnersc --help                      the commands
  man huggingnersc-catalog-new-dataset     one man page per command
  huggingnersc --install-completion        tab completion for zsh (bash completes once this module is loaded)

Site defaults (the flags --catalog-root and --org win over them; they win over a user's config file;
export another value after loading to change one):
  HUGGINGNERSC_CATALOG_ROOT=/global/cfs/cdirs/dasrepo/ai_ready_datasets
  HUGGINGNERSC_ORG=NERSC
]])

family("huggingnersc")

prepend_path("PATH", pathJoin(root, "bin"))

-- man: an empty entry in MANPATH stands for the system's own pages; keep one, or loading this
-- module would hide them (man ls would find nothing) when MANPATH was unset before
if (os.getenv("MANPATH") or "") == "" then
  setenv("MANPATH", ":")
end
prepend_path("MANPATH", pathJoin(root, "share/man"))

-- bash completion: bash-completion loads share/bash-completion/completions/huggingnersc on the first
-- <TAB> after "huggingnersc", looking in XDG_DATA_DIRS (default /usr/local/share:/usr/share, kept here)
if (os.getenv("XDG_DATA_DIRS") or "") == "" then
  append_path("XDG_DATA_DIRS", "/usr/local/share")
  append_path("XDG_DATA_DIRS", "/usr/share")
end
prepend_path("XDG_DATA_DIRS", pathJoin(root, "share"))

-- site defaults, read by HuggingNERSC's settings (flags > environment > config file > defaults);
-- pushenv gives a user's own value back on unload
pushenv("HUGGINGNERSC_CATALOG_ROOT", "/global/cfs/cdirs/dasrepo/ai_ready_datasets")
pushenv("HUGGINGNERSC_ORG", "NERSC")

-- Java 17 or newer: the launcher takes HUGGINGNERSC_JAVA_HOME first, then JAVA_HOME, then the java on
-- PATH. If the default environment has none that new, point it at a JDK staff installed next to the
-- releases (see INSTALL.md), without changing JAVA_HOME or PATH for the user's other tools:
-- setenv("HUGGINGNERSC_JAVA_HOME", pathJoin(prefix, "jdk-17"))
