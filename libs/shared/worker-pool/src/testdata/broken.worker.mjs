// A worker script that fails while loading.
throw new Error('this script cannot load');
