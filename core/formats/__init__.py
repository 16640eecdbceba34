"""Date formats per language where Django's own are not the product's (FORMAT_MODULE_PATH):
Norwegian keeps Django's “10.03.2016”; English writes “10 Mar 2016”, never the US
“03/10/2016”."""
