/** The built-in "Default" / "Default" category (bk-cmdb's id 2), which modules fall into unless told otherwise. */
export const DEFAULT_SERVICE_CATEGORY_ID = 2;
