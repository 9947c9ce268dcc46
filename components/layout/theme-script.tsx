export const THEME_STORAGE_KEY = "cloudscope-theme";

/* Runs before first paint, so a dark page never flashes light. */
const SET_THEME_BEFORE_PAINT = `try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});if(t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark")}catch(e){}`;

export function ThemeScript() {
  return <script dangerouslySetInnerHTML={{ __html: SET_THEME_BEFORE_PAINT }} />;
}
